// A browser in use stays logged in: the cookie is sent again, with a fresh Max-Age, once a quarter of it has passed.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { createTestApp, STRONG_PASSWORD, type TestApp, testRedis } from '../support/app'
import { json, setCookieValue } from './helpers'

setDefaultTimeout(120_000)

const SESSION_COOKIE =
  /^session_id=([A-Za-z0-9_-]{43}); Max-Age=1800; Path=\/; HttpOnly; SameSite=Lax$/
const QUARTER_MS = (1800 * 1000) / 4
// The test clock runs on from real time too: a minute either side of the boundary.
const MARGIN_MS = 60_000

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

async function logIn(app: TestApp, email: string) {
  const res = await app.request('/login', json({ email, password: STRONG_PASSWORD }))
  expect(res.status).toBe(200)
  return {
    secret: setCookieValue(res)!,
    accessToken: ((await res.json()) as { access_token: string }).access_token,
  }
}

const me = (app: TestApp, headers: Record<string, string>) =>
  app.request('/me', { headers: { accept: 'application/json', ...headers } })

describe('cookie renewal', () => {
  test('before a quarter of Max-Age: no Set-Cookie; after it: the same cookie with a fresh Max-Age, once', async () => {
    const { email } = await t.signUp()
    const { secret } = await logIn(t, email)
    const headers = { cookie: `session_id=${secret}` }

    t.clock.advance(QUARTER_MS - MARGIN_MS)
    const early = await me(t, headers)
    expect(early.status).toBe(200)
    expect(early.headers.getSetCookie()).toEqual([])

    t.clock.advance(2 * MARGIN_MS)
    const due = await me(t, headers)
    expect(due.status).toBe(200)
    expect(due.headers.getSetCookie()).toHaveLength(1)
    expect(due.headers.getSetCookie()[0]).toMatch(SESSION_COOKIE)
    expect(setCookieValue(due)).toBe(secret)

    // Sent once; the next quarter starts now.
    expect((await me(t, headers)).headers.getSetCookie()).toEqual([])
    t.clock.advance(QUARTER_MS - MARGIN_MS)
    expect((await me(t, headers)).headers.getSetCookie()).toEqual([])
    t.clock.advance(2 * MARGIN_MS)
    expect((await me(t, headers)).headers.getSetCookie()[0]).toMatch(SESSION_COOKIE)
  })

  test('the account page and the home page renew it too', async () => {
    const { email } = await t.signUp()
    for (const path of ['/account', '/']) {
      const { secret } = await logIn(t, email)
      t.clock.advance(QUARTER_MS + MARGIN_MS)
      const page = await t.request(path, {
        headers: { accept: 'text/html', cookie: `session_id=${secret}` },
      })
      expect(page.status).toBe(200)
      expect(page.headers.getSetCookie()).toHaveLength(1)
      expect(page.headers.getSetCookie()[0]).toMatch(SESSION_COOKIE)
    }
  })

  test('bearer requests never get a cookie, not even with a cookie beside the bearer', async () => {
    const { email } = await t.signUp()
    const { secret, accessToken } = await logIn(t, email)
    t.clock.advance(QUARTER_MS + MARGIN_MS)
    const viaBearer = await me(t, { authorization: `Bearer ${accessToken}` })
    expect(viaBearer.status).toBe(200)
    expect(viaBearer.headers.getSetCookie()).toEqual([])
    const both = await me(t, {
      authorization: `Bearer ${accessToken}`,
      cookie: `session_id=${secret}`,
    })
    expect(both.status).toBe(200)
    expect(both.headers.getSetCookie()).toEqual([])
  })

  test('a dead or unknown cookie is not sent back', async () => {
    const res = await me(t, { cookie: `session_id=${'x'.repeat(43)}` })
    expect(res.status).toBe(401)
    expect(res.headers.getSetCookie()).toEqual([])
  })

  test('a browser that makes a request every 20 minutes for 3 hours keeps its cookie and stays logged in', async () => {
    const { email } = await t.signUp()
    let { secret } = await logIn(t, email)
    // What the browser does: it drops the cookie at Max-Age after it last received it.
    let cookieExpiresAt = t.clock.now().getTime() + 1800 * 1000
    for (let minute = 20; minute <= 180; minute += 20) {
      t.clock.advance(20 * 60 * 1000)
      expect(t.clock.now().getTime()).toBeLessThan(cookieExpiresAt)
      const res = await me(t, { cookie: `session_id=${secret}` })
      expect(res.status).toBe(200)
      const renewed = setCookieValue(res)
      if (renewed) {
        secret = renewed
        cookieExpiresAt = t.clock.now().getTime() + 1800 * 1000
      }
    }
  })
})

describe.skipIf(!process.env.TEST_REDIS_URL)('cookie renewal on Redis', () => {
  test('a renewing GET /me is still one round trip', async () => {
    const redis = (await testRedis())!
    const app = await createTestApp({
      env: { REDIS_PREFIX: `${redis.prefix}:renew-${crypto.randomUUID().slice(0, 8)}` },
    })
    try {
      const { email } = await app.signUp()
      const { secret } = await logIn(app, email)
      const headers = { cookie: `session_id=${secret}` }
      expect((await me(app, headers)).status).toBe(200)
      app.clock.advance(QUARTER_MS + MARGIN_MS)
      let res: Response | undefined
      const trips = await redis.roundTrips(async () => {
        res = await me(app, headers)
      })
      expect(res!.headers.getSetCookie()[0]).toMatch(SESSION_COOKIE)
      expect(trips).toBe(1)
    } finally {
      await app.close()
    }
  })
})
