import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })

describe('POST /login', () => {
  test('200 with access token, user and the session cookie', async () => {
    const { email, userId } = await t.signUp()
    const res = await t.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: email.toUpperCase(), password: STRONG_PASSWORD }),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      user: { id: userId, email, is_verified: true },
    })
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(
      /^session_id=[A-Za-z0-9_-]{43}; Max-Age=1800; Path=\/; HttpOnly; SameSite=Lax$/,
    )
  })

  test('one message for an unknown email and a wrong password, with WWW-Authenticate', async () => {
    const { email } = await t.signUp()
    const wrong = await t.json('POST', '/login', { email, password: 'not the right password' })
    const unknown = await t.json('POST', '/login', {
      email: uniqueEmail('ghost'),
      password: 'not the right password',
    })
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401)
      expect(res.body).toEqual({ detail: 'Incorrect email or password' })
      expect(res.headers.get('www-authenticate')).toBe('Bearer')
    }
  })

  test('unverified: 401 "Please verify" only after the right password', async () => {
    const email = uniqueEmail()
    await t.json('POST', '/register', { email, password: STRONG_PASSWORD })
    expect(
      (await t.json('POST', '/login', { email, password: 'wrong password here' })).body.detail,
    ).toBe('Incorrect email or password')
    expect((await t.json('POST', '/login', { email, password: STRONG_PASSWORD })).body).toEqual({
      detail: 'Please verify your email address',
    })
  })

  test('5 failed logins per email in 15 minutes, then 429 even with the right password', async () => {
    const f = await createTestApp({ env: { RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '5/15m' } })
    try {
      const { email } = await f.signUp()
      for (let i = 0; i < 5; i++)
        expect(
          (await f.json('POST', '/login', { email, password: `wrong password ${i}!!` })).status,
        ).toBe(401)
      const blocked = await f.json('POST', '/login', { email, password: STRONG_PASSWORD })
      expect(blocked.status).toBe(429)
      expect(blocked.body).toEqual({ detail: 'Rate limit exceeded' })
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    } finally {
      await f.close()
    }
  })
})

describe('GET /me', () => {
  test('bearer and cookie both work', async () => {
    const { email, accessToken, cookie, userId } = await t.signUp()
    const expected = { id: userId, email, is_active: true, is_verified: true }
    expect(await t.json('GET', '/me', undefined, bearer(accessToken))).toMatchObject({
      status: 200,
      body: expected,
    })
    expect(
      await t.json('GET', '/me', undefined, { headers: { cookie: `session_id=${cookie}` } }),
    ).toMatchObject({ status: 200, body: expected })
  })

  test('401 with WWW-Authenticate for missing, malformed, forged and expired credentials', async () => {
    const { accessToken } = await t.signUp()
    const attempts = [
      {},
      bearer('garbage'),
      bearer(accessToken.slice(0, -2) + (accessToken.endsWith('AA') ? 'BB' : 'AA')),
      { headers: { cookie: 'session_id=not-a-session' } },
      { headers: { authorization: `Basic ${btoa('a:b')}` } },
    ]
    for (const init of attempts) {
      const res = await t.json('GET', '/me', undefined, init)
      expect(res.status).toBe(401)
      expect(res.body).toEqual({ detail: 'Invalid authentication credentials' })
      expect(res.headers.get('www-authenticate')).toBe('Bearer')
    }
    t.clock.advance(31 * 60 * 1000)
    try {
      expect((await t.json('GET', '/me', undefined, bearer(accessToken))).status).toBe(401)
    } finally {
      t.clock.advance(-31 * 60 * 1000)
    }
  })

  test('a session renewed by use still ends at its absolute lifetime', async () => {
    const short = await createTestApp({
      env: { SESSION_MAX_LIFETIME_SECONDS: '3600', SESSION_TTL_SECONDS: '1800' },
    })
    try {
      const { cookie } = await short.signUp()
      const me = () =>
        short.json('GET', '/me', undefined, { headers: { cookie: `session_id=${cookie}` } })
      // Used every 20 minutes, so the 30-minute idle TTL never runs out (for the in-memory store,
      // which follows the injected clock) until the hour is up.
      for (let i = 0; i < 2; i++) {
        short.clock.advance(20 * 60 * 1000)
        expect((await me()).status).toBe(200)
      }
      short.clock.advance(21 * 60 * 1000)
      expect((await me()).status).toBe(401)
    } finally {
      await short.close()
    }
  })

  test('browsers are sent to /account', async () => {
    const res = await t.request('/me', { headers: { accept: 'text/html' } })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/account')
  })
})

describe('POST /logout', () => {
  test('revokes the bearer token and the cookie at once', async () => {
    const { accessToken, cookie } = await t.signUp()
    const res = await t.json('POST', '/logout', undefined, {
      headers: { authorization: `Bearer ${accessToken}` },
    })
    expect(res).toMatchObject({ status: 200, body: { message: 'Logged out successfully' } })
    expect(res.headers.get('set-cookie')).toMatch(/session_id=; Max-Age=0/)
    expect((await t.json('GET', '/me', undefined, bearer(accessToken))).status).toBe(401)
    // The cookie belonged to the same login, so the same session: gone too.
    expect(
      (await t.json('GET', '/me', undefined, { headers: { cookie: `session_id=${cookie}` } }))
        .status,
    ).toBe(401)
  })

  test('a cookie-only logout needs our Origin; without any session it is 401', async () => {
    const { cookie } = await t.signUp()
    const cross = await t.json('POST', '/logout', undefined, {
      headers: { cookie: `session_id=${cookie}`, origin: 'https://evil.example' },
    })
    expect(cross).toMatchObject({ status: 403, body: { detail: 'Forbidden' } })
    const same = await t.json('POST', '/logout', undefined, {
      headers: { cookie: `session_id=${cookie}`, origin: 'http://localhost:3000' },
    })
    expect(same.status).toBe(200)
    expect((await t.json('POST', '/logout')).status).toBe(401)
  })

  test('other sessions of the user stay alive', async () => {
    const { email, accessToken } = await t.signUp()
    const second = await t.json('POST', '/login', { email, password: STRONG_PASSWORD })
    await t.json('POST', '/logout', undefined, bearer(accessToken))
    expect((await t.json('GET', '/me', undefined, bearer(second.body.access_token))).status).toBe(
      200,
    )
  })
})
