import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createJsonLog } from '../../src/adapters/json-log'
import { createApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { createBunDeps } from '../../src/runtime/bun/deps'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'
import { expectSecurityHeaders } from '../support/headers'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('error shapes', () => {
  test('404 JSON for unknown paths, a page for browsers', async () => {
    const res = await t.json('GET', '/nope')
    expect(res).toMatchObject({ status: 404, body: { detail: 'Not Found' } })
    expectSecurityHeaders(res.headers)
    const page = await t.request('/nope', { headers: { accept: 'text/html' } })
    expect(page.status).toBe(404)
    expect(page.headers.get('content-type')).toContain('text/html')
  })

  test('405 with Allow for a known path and a wrong method, TRACE included', async () => {
    const res = await t.json('DELETE', '/login')
    expect(res).toMatchObject({ status: 405, body: { detail: 'Method Not Allowed' } })
    expect(res.headers.get('allow')).toContain('POST')
    const trace = await t.request('/me', { method: 'TRACE' })
    expect(trace.status).toBe(405)
    expect(trace.headers.get('allow')).toContain('GET')
    expectSecurityHeaders(trace.headers)
  })

  test('400 for malformed JSON', async () => {
    const res = await t.json('POST', '/login', '{"email": ')
    expect(res).toMatchObject({ status: 400, body: { detail: 'Malformed JSON body' } })
  })

  test('413 over 16 KiB, before parsing, with or without Content-Length', async () => {
    const big = JSON.stringify({ email: uniqueEmail(), password: 'x'.repeat(17 * 1024) })
    const res = await t.json('POST', '/register', big)
    expect(res).toMatchObject({ status: 413, body: { detail: 'Request body too large' } })
    expectSecurityHeaders(res.headers)
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big))
        controller.close()
      },
    })
    const chunked = await t.request('/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(413)
  })

  test('415 for bodies that are neither JSON nor a form, text/plain JSON included', async () => {
    const res = await t.json(
      'POST',
      '/login',
      JSON.stringify({ email: 'a@b.co', password: STRONG_PASSWORD }),
      { headers: { 'content-type': 'text/plain' } },
    )
    expect(res).toMatchObject({ status: 415, body: { detail: 'Unsupported media type' } })
    expect(
      (
        await t.json('POST', '/register', '<x/>', {
          headers: { 'content-type': 'application/xml' },
        })
      ).status,
    ).toBe(415)
  })

  test('500 carries a request id and nothing of the cause; the log names it without SQL', async () => {
    const app = await createTestApp()
    try {
      app.deps.db.findUserByEmail = async () => {
        throw new Error(
          'Failed query: select secret from users where email = $1\nparams: victim@example.com',
        )
      }
      const res = await app.json('POST', '/login', {
        email: uniqueEmail(),
        password: STRONG_PASSWORD,
      })
      expect(res.status).toBe(500)
      expect(res.body).toEqual({
        detail: 'Internal server error',
        request_id: res.headers.get('x-request-id'),
      })
      expectSecurityHeaders(res.headers)
      const line = app.log.find((l) => l.includes('unhandled_error'))!
      expect(line).toBeDefined()
      expect(line).not.toContain('select')
      expect(line).not.toContain('victim@example.com')
    } finally {
      await app.close()
    }
  })

  test('503 with Retry-After when Postgres is unreachable, and readiness names it', async () => {
    const config = parseConfig({
      NODE_ENV: 'test',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      JWT_SECRET: 'x'.repeat(40),
    })
    const deps = await createBunDeps(config, { migrate: false, log: createJsonLog(() => {}) })
    const app = createApp(() => deps)
    try {
      const res = await app.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@b.co', password: STRONG_PASSWORD }),
      })
      expect(res.status).toBe(503)
      expect(await res.json()).toEqual({ detail: 'Service temporarily unavailable' })
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
      const ready = await app.request('/readyz')
      expect(ready.status).toBe(503)
      expect(((await ready.json()) as any).checks).toEqual({
        database: 'down',
        redis: 'memory',
        mail: 'dev-mailbox',
      })
    } finally {
      await deps.close()
    }
  })
})

describe('security behaviour', () => {
  test('the security headers on JSON, pages, redirects and the stylesheet', async () => {
    for (const res of [
      await t.request('/'),
      await t.request('/login', { headers: { accept: 'text/html' } }),
      await t.request('/account', { headers: { accept: 'text/html' } }),
    ]) {
      expectSecurityHeaders(res.headers)
      expect(res.headers.get('strict-transport-security')).toBeNull()
    }
    const css = await t.request('/assets/app.css')
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toContain('text/css')
  })

  test('on https: HSTS for a year and the __Host- cookie with Secure', async () => {
    const https = await createTestApp({ env: { APP_URL: 'https://auth.example.com' } })
    try {
      const { email } = await https.signUp()
      const res = await https.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: STRONG_PASSWORD }),
      })
      expect(res.headers.get('strict-transport-security')).toBe(
        'max-age=31536000; includeSubDomains',
      )
      expect(res.headers.get('set-cookie')).toMatch(
        /^__Host-session_id=[A-Za-z0-9_-]{43}; Max-Age=1800; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
      )
    } finally {
      await https.close()
    }
  })

  test('CSRF: form posts need our Origin (or Sec-Fetch-Site: same-origin), log-in and sign-up included', async () => {
    const form = (headers: Record<string, string>) =>
      t.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: 'email=a%40b.co&password=x',
      })
    expect((await form({ origin: 'https://evil.example' })).status).toBe(403)
    expect((await form({})).status).toBe(403)
    expect((await form({ 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await form({ origin: 'null' })).status).toBe(403)
    expect((await form({ origin: 'http://localhost:3000' })).status).toBe(401)
    expect((await form({ 'sec-fetch-site': 'same-origin' })).status).toBe(401)
    const json = await t.json(
      'POST',
      '/register',
      { email: 'x' },
      { headers: { origin: 'https://evil.example' } },
    )
    expect(json.status).toBe(422)
  })

  test('CORS: only CORS_ORIGINS, with credentials', async () => {
    const cors = await createTestApp({ env: { CORS_ORIGINS: 'https://app.example.com' } })
    try {
      const allowed = await cors.request('/me', {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
      })
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true')
      const denied = await cors.request('/me', {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      })
      expect(denied.headers.get('access-control-allow-origin')).toBeNull()
    } finally {
      await cors.close()
    }
  })

  test('GET / answers the API name and version', async () => {
    const res = await t.json('GET', '/')
    expect(res).toMatchObject({
      status: 200,
      body: { message: 'Gatehouse API', version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
    })
  })

  test('/healthz and /readyz', async () => {
    expect(await t.json('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } })
    const ready = await t.json('GET', '/readyz')
    expect(ready.status).toBe(200)
    expect(ready.body.status).toBe('ok')
    expect(ready.body.checks.database).toBe('ok')
    expect(ready.body.checks.redis).toBe(process.env.TEST_REDIS_URL ? 'ok' : 'memory')
    expect(ready.body.outbox.pending).toBeGreaterThanOrEqual(0)
  })
})
