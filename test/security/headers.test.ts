// The contract's security headers on every response: successes, redirects and every error status.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'
import { CSP, expectSecurityHeaders, HSTS } from '../support/headers'
import { freshIp, json, urlencoded } from './helpers'

// Under load, starting the embedded database alone can take longer than bun's 5 s default.
setDefaultTimeout(60_000)

type Probe = {
  name: string
  status: number
  send: (t: TestApp, origin: string) => Promise<Response>
}

const html = { accept: 'text/html' }
const big = JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(17 * 1024) })

/** One request per status the app can answer, as JSON and as a page. */
const PROBES: Probe[] = [
  {
    name: 'GET / (JSON)',
    status: 200,
    send: (t) => t.request('/', { headers: { accept: 'application/json' } }),
  },
  { name: 'GET /login (page)', status: 200, send: (t) => t.request('/login', { headers: html }) },
  { name: 'GET /healthz', status: 200, send: (t) => t.request('/healthz') },
  {
    name: 'OPTIONS preflight',
    status: 204,
    send: (t, origin) =>
      t.request('/login', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      }),
  },
  {
    name: 'POST /register',
    status: 201,
    send: (t) => t.request('/register', json({ email: uniqueEmail(), password: STRONG_PASSWORD })),
  },
  {
    name: 'GET /account without a session (redirect)',
    status: 303,
    send: (t) => t.request('/account', { headers: html }),
  },
  {
    name: 'form log-in (redirect)',
    status: 303,
    send: async (t, origin) => {
      const { email } = await t.signUp()
      return t.request('/login', urlencoded({ email, password: STRONG_PASSWORD }, { origin }))
    },
  },
  {
    name: 'malformed JSON',
    status: 400,
    send: (t) =>
      t.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email": ',
      }),
  },
  {
    name: 'GET /me without credentials',
    status: 401,
    send: (t) => t.request('/me', { headers: { accept: 'application/json' } }),
  },
  {
    name: 'wrong password (page)',
    status: 401,
    send: (t, origin) =>
      t.request(
        '/login',
        urlencoded({ email: uniqueEmail(), password: 'wrong password here' }, { origin }),
      ),
  },
  {
    name: 'CSRF (page)',
    status: 403,
    send: (t) =>
      t.request(
        '/login',
        urlencoded({ email: 'a@b.co', password: 'x' }, { origin: 'https://evil.example' }),
      ),
  },
  {
    name: 'unknown path (JSON)',
    status: 404,
    send: (t) => t.request('/nope', { headers: { accept: 'application/json' } }),
  },
  { name: 'unknown path (page)', status: 404, send: (t) => t.request('/nope', { headers: html }) },
  {
    name: 'wrong method (JSON)',
    status: 405,
    send: (t) => t.request('/login', { method: 'DELETE', headers: { accept: 'application/json' } }),
  },
  {
    name: 'wrong method (page)',
    status: 405,
    send: (t) => t.request('/register', { method: 'PUT', headers: html }),
  },
  { name: 'TRACE', status: 405, send: (t) => t.request('/me', { method: 'TRACE' }) },
  {
    name: 'body over 16 KiB',
    status: 413,
    send: (t) =>
      t.request('/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: big,
      }),
  },
  {
    name: 'text/plain body',
    status: 415,
    send: (t) =>
      t.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: '{}',
      }),
  },
  {
    name: 'invalid field (JSON)',
    status: 422,
    send: (t) => t.request('/register', json({ email: 'not an email', password: STRONG_PASSWORD })),
  },
  {
    name: 'invalid field (page)',
    status: 422,
    send: (t, origin) =>
      t.request(
        '/register',
        urlencoded({ email: 'not an email', password: STRONG_PASSWORD }, { origin }),
      ),
  },
  {
    name: 'rate limited (JSON and page)',
    status: 429,
    send: async (t, origin) => {
      const ip = freshIp()
      for (let i = 0; i < 2; i++)
        await t.request('/request-password-reset', json({ email: 'a@b.co' }), ip)
      const page = await t.request(
        '/request-password-reset',
        urlencoded({ email: 'a@b.co' }, { origin }),
        ip,
      )
      expect(page.status).toBe(429)
      expectSecurityHeaders(page.headers, t.deps.config.https)
      return t.request('/request-password-reset', json({ email: 'a@b.co' }), ip)
    },
  },
  {
    name: 'a bug (JSON and page)',
    status: 500,
    send: async (t, origin) => {
      const findUserByEmail = t.deps.db.findUserByEmail
      t.deps.db.findUserByEmail = async () => {
        throw new Error('bug')
      }
      try {
        const page = await t.request(
          '/login',
          urlencoded({ email: 'a@b.co', password: STRONG_PASSWORD }, { origin }),
        )
        expect(page.status).toBe(500)
        expectSecurityHeaders(page.headers, t.deps.config.https)
        return await t.request('/login', json({ email: 'a@b.co', password: STRONG_PASSWORD }))
      } finally {
        t.deps.db.findUserByEmail = findUserByEmail
      }
    },
  },
  {
    name: 'Redis unreachable (JSON and page)',
    status: 503,
    send: async (t) => {
      const hit = t.deps.limiter.hit
      t.deps.limiter.hit = async () => {
        throw new Error('connection refused')
      }
      try {
        const page = await t.request('/login', { headers: html })
        expect(page.status).toBe(503)
        expectSecurityHeaders(page.headers, t.deps.config.https)
        const res = await t.request('/', { headers: { accept: 'application/json' } })
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
        return res
      } finally {
        t.deps.limiter.hit = hit
      }
    },
  },
]

for (const appUrl of ['http://localhost:3000', 'https://auth.example.com']) {
  describe(`security headers on every response (APP_URL=${appUrl})`, () => {
    let t: TestApp
    beforeAll(async () => {
      t = await createTestApp({
        env: {
          APP_URL: appUrl,
          CORS_ORIGINS: 'https://app.example.com',
          RATE_LIMIT_PASSWORD_RESET: '2/60s',
        },
      })
    })
    afterAll(() => t.close())

    for (const probe of PROBES) {
      test(`${probe.status}: ${probe.name}`, async () => {
        const res = await probe.send(t, new URL(appUrl).origin)
        expect(res.status).toBe(probe.status)
        expectSecurityHeaders(res.headers, appUrl.startsWith('https:'))
      })
    }

    test('the stylesheet may be cached but is never sniffed or framed', async () => {
      const css = await t.request('/assets/app.css')
      expect(css.status).toBe(200)
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
      expect(css.headers.get('x-content-type-options')).toBe('nosniff')
      expect(css.headers.get('x-frame-options')).toBe('DENY')
      expect(css.headers.get('content-security-policy')).toBe(CSP)
      expect(css.headers.get('strict-transport-security')).toBe(
        appUrl.startsWith('https:') ? HSTS : null,
      )
    })
  })
}
