// GET/HEAD /authz: forward auth for nginx auth_request, Caddy forward_auth, Traefik forwardAuth.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createSession, readGeneration } from '../../src/auth/session'
import { APP_URL, createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ env: { RETURN_ORIGINS: 'https://app.example.com' } })
})
afterAll(() => t.close())

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const withCookie = (cookie: string, headers: Record<string, string> = {}) => ({
  headers: { cookie: `session_id=${cookie}`, ...headers },
})
/** What Caddy's forward_auth and Traefik's forwardAuth add to the request they copy. */
const CADDY = {
  accept: HTML,
  'x-forwarded-method': 'GET',
  'x-forwarded-proto': 'https',
  'x-forwarded-host': 'app.example.com',
  'x-forwarded-uri': '/reports?year=2026&q=a%20b',
}

async function expect401(res: Response) {
  expect(res.status).toBe(401)
  expect(res.headers.get('www-authenticate')).toBe('Bearer')
  expect(res.headers.get('cache-control')).toBe('no-store')
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  expect(await res.json()).toEqual({ detail: 'Invalid authentication credentials' })
}

describe('GET /authz with a live session', () => {
  test('200, empty body, no-store and the identity headers (cookie)', async () => {
    const { cookie, userId, email } = await t.signUp()
    const res = await t.request('/authz', withCookie(cookie))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('x-auth-request-user')).toBe(String(userId))
    expect(res.headers.get('x-auth-request-email')).toBe(email)
    expect(res.headers.get('x-auth-request-email-verified')).toBe('true')
    expect(res.headers.get('x-auth-request-session')).toMatch(/^[A-Za-z0-9_-]{16,}$/)
    // The session id shown is the public one, never the cookie.
    expect(res.headers.get('x-auth-request-session')).not.toBe(cookie)
  })

  test('a bearer works too; HEAD answers the same status and headers', async () => {
    const { accessToken, userId } = await t.signUp()
    const auth = { headers: { authorization: `Bearer ${accessToken}` } }
    const get = await t.request('/authz', auth)
    expect(get.status).toBe(200)
    expect(get.headers.get('x-auth-request-user')).toBe(String(userId))
    const head = await t.request('/authz', { ...auth, method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('x-auth-request-user')).toBe(String(userId))
    expect(await head.text()).toBe('')
  })

  test('a browser navigation forwarded by Caddy with a session: 200, not a redirect', async () => {
    const { cookie } = await t.signUp()
    const res = await t.request('/authz', withCookie(cookie, CADDY))
    expect(res.status).toBe(200)
  })

  test('forwarded headers never change who is authenticated', async () => {
    const { cookie, userId } = await t.signUp()
    const res = await t.request(
      '/authz',
      withCookie(cookie, {
        ...CADDY,
        'x-auth-request-user': '999999',
        'x-auth-request-email': 'forged@evil.test',
        'x-forwarded-user': '999999',
        'x-original-uri': '/admin',
      }),
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('x-auth-request-user')).toBe(String(userId))
    expect(res.headers.get('x-auth-request-email')).not.toBe('forged@evil.test')
  })
})

describe('GET /authz?require=verified', () => {
  test('403 Forbidden for an unverified user, 200 for a verified one', async () => {
    const email = uniqueEmail('unverified')
    expect((await t.json('POST', '/register', { email, password: STRONG_PASSWORD })).status).toBe(
      201,
    )
    // Log-in refuses an unverified account; a session of one (an email changed to an
    // unverified address, say) is made directly.
    const user = await t.deps.db.findUserByEmail(email)
    const session = await createSession(t.deps, user!, await readGeneration(t.deps, user!.id))
    const unverified = withCookie(session!.secret)
    const plain = await t.request('/authz', unverified)
    expect(plain.status).toBe(200)
    expect(plain.headers.get('x-auth-request-email-verified')).toBe('false')
    const refused = await t.request('/authz?require=verified', unverified)
    expect(refused.status).toBe(403)
    expect(refused.headers.get('cache-control')).toBe('no-store')
    expect(await refused.json()).toEqual({ detail: 'Forbidden' })
    // Even for a browser navigation: a log-in would not help.
    expect(
      (
        await t.request('/authz?require=verified', {
          ...unverified,
          headers: { ...unverified.headers, ...CADDY },
        })
      ).status,
    ).toBe(403)

    const { cookie } = await t.signUp()
    expect((await t.request('/authz?require=verified', withCookie(cookie))).status).toBe(200)
  })
})

describe('GET /authz without a live session', () => {
  test('no credentials, a wrong cookie, a wrong bearer: 401 JSON', async () => {
    await expect401(await t.request('/authz'))
    await expect401(await t.request('/authz', withCookie('not-a-session')))
    await expect401(await t.request('/authz', { headers: { authorization: 'Bearer x.y.z' } }))
    // A page Accept alone (no proxy) is still a 401 JSON, not a page.
    await expect401(await t.request('/authz', { headers: { accept: HTML } }))
  })

  test('Caddy/Traefik browser navigation: 303 to the log-in page with next = the original URL', async () => {
    const res = await t.request('/authz', { headers: CADDY })
    expect(res.status).toBe(303)
    const location = new URL(res.headers.get('location')!)
    expect(location.origin + location.pathname).toBe(`${APP_URL}/login`)
    expect(location.searchParams.get('next')).toBe(
      'https://app.example.com/reports?year=2026&q=a%20b',
    )
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  test('after log-in through that page the browser lands on the original URL', async () => {
    const { email } = await t.signUp()
    const redirect = await t.request('/authz', { headers: CADDY })
    const loginUrl = new URL(redirect.headers.get('location')!)
    const page = await t.request(loginUrl.pathname + loginUrl.search, { headers: { accept: HTML } })
    expect(page.status).toBe(200)
    const action = /action="([^"]+)"/.exec(await page.text())![1]!.replace(/&amp;/g, '&')
    const res = await t.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: APP_URL },
      body: new URLSearchParams({ email, password: STRONG_PASSWORD }).toString(),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('https://app.example.com/reports?year=2026&q=a%20b')
    // The log-in page may send the browser there: form-action allows the return origin.
    expect(page.headers.get('content-security-policy')).toContain(
      "form-action 'self' https://app.example.com",
    )
  })

  test('a forwarded host that is not an allowed origin: the redirect carries no next', async () => {
    for (const host of ['evil.test', 'app.example.com@evil.test', 'app.example.com\\evil.test']) {
      const res = await t.request('/authz', { headers: { ...CADDY, 'x-forwarded-host': host } })
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe(`${APP_URL}/login`)
    }
  })

  test('the forwarded URI goes through the same rules', async () => {
    const res = await t.request('/authz', {
      headers: { ...CADDY, 'x-forwarded-uri': '//evil.test/x' },
    })
    expect(res.status).toBe(303)
    const next = new URL(res.headers.get('location')!).searchParams.get('next')
    expect(next === null || new URL(next).origin === 'https://app.example.com').toBe(true)
  })

  test('nginx (X-Original-URI), no forwarded URI, HEAD, a non-page Accept or a POST: always 401', async () => {
    const nginx = {
      accept: HTML,
      'x-original-uri': '/reports',
      'x-forwarded-host': 'app.example.com',
    }
    await expect401(await t.request('/authz', { headers: nginx }))
    await expect401(
      await t.request('/authz', { headers: { ...CADDY, 'x-original-uri': '/reports' } }),
    )
    const { 'x-forwarded-uri': _uri, ...noUri } = CADDY
    await expect401(await t.request('/authz', { headers: noUri }))
    const { 'x-forwarded-host': _host, ...noHost } = CADDY
    await expect401(await t.request('/authz', { headers: noHost }))
    await expect401(
      await t.request('/authz', { headers: { ...CADDY, accept: 'application/json' } }),
    )
    await expect401(await t.request('/authz', { headers: { ...CADDY, accept: '*/*' } }))
    const head = await t.request('/authz', { method: 'HEAD', headers: CADDY })
    expect(head.status).toBe(401)
    expect(head.headers.get('www-authenticate')).toBe('Bearer')
  })

  test('after log-out the very next request is refused', async () => {
    const { cookie } = await t.signUp()
    expect((await t.request('/authz', withCookie(cookie))).status).toBe(200)
    const out = await t.request('/logout', {
      ...withCookie(cookie, { origin: APP_URL }),
      method: 'POST',
    })
    expect(out.status).toBeLessThan(400)
    await expect401(await t.request('/authz', withCookie(cookie)))
  })
})

describe('GET /authz and limits', () => {
  test('exempt from the global per-IP limit', async () => {
    const app = await createTestApp({ env: { RATE_LIMIT_GLOBAL: '3/1m' } })
    try {
      const { cookie } = await app.signUp()
      for (let i = 0; i < 10; i++)
        expect((await app.request('/authz', withCookie(cookie), '203.0.113.9')).status).toBe(200)
      // The limit itself still holds elsewhere for that IP.
      let limited = false
      for (let i = 0; i < 5; i++)
        if ((await app.request('/me', withCookie(cookie), '203.0.113.9')).status === 429)
          limited = true
      expect(limited).toBe(true)
    } finally {
      await app.close()
    }
  })

  test('fails closed (503 JSON) when Redis does not answer, even for a browser navigation', async () => {
    const app = await createTestApp({
      env: {
        UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9',
        UPSTASH_REDIS_REST_TOKEN: 't',
        REDIS_TIMEOUT_MS: '300',
      },
    })
    try {
      for (const headers of [
        { cookie: `session_id=${'A'.repeat(43)}` },
        { ...CADDY, cookie: `session_id=${'A'.repeat(43)}` },
      ]) {
        const res = await app.request('/authz', { headers })
        expect(res.status).toBe(503)
        expect(res.headers.get('content-type')).toMatch(/^application\/json/)
        expect(res.headers.get('x-auth-request-user')).toBeNull()
      }
    } finally {
      await app.close()
    }
  })
})
