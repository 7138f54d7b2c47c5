// Mounted under a path (APP_URL=http://localhost/auth): every route, link, form action, asset,
// redirect and mailed link lives under /auth, the cookie keeps Path=/, and a request outside
// /auth is the contract's 404.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { parseConfig } from '../../src/config'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'
import { signUp } from '../support/client'
import { browserFlow, crawl, escapingUrls, seeds, underBase, urlsOf } from '../support/mounted'

const APP_URL = 'http://localhost/auth'
const BASE = '/auth'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ env: { APP_URL } })
}, 30_000)
afterAll(() => t.close())

/** The pages and forms that must be among those the crawl reaches (so it cannot pass empty). */
const MUST_VISIT = ['/', '/login', '/register', '/request-password-reset', '/docs', '/openapi.json']
const MUST_POST = ['/login', '/register', '/request-password-reset', '/language', '/verify-email']

describe('APP_URL with a path', () => {
  test('config.basePath is its path, without a trailing slash; a query or odd path is refused', () => {
    const base = (url: string) => parseConfig({ APP_URL: url }).basePath
    expect(base('https://example.com')).toBe('')
    expect(base('https://example.com/')).toBe('')
    expect(base('https://example.com/auth')).toBe('/auth')
    expect(base('https://example.com/auth/')).toBe('/auth')
    expect(base('https://example.com/a/b-c_d.e~f')).toBe('/a/b-c_d.e~f')
    expect(parseConfig({ APP_URL: 'https://example.com/auth/' }).appUrl).toBe(
      'https://example.com/auth',
    )
    expect(() => parseConfig({ APP_URL: 'https://example.com/auth?x=1' })).toThrow(
      'APP_URL must not have a query or fragment',
    )
    expect(() => parseConfig({ APP_URL: 'https://example.com/auth#x' })).toThrow(
      'APP_URL must not have a query or fragment',
    )
    expect(() => parseConfig({ APP_URL: 'https://example.com/a%20b' })).toThrow('APP_URL path')
  })
})

describe('every page under /auth', () => {
  test('signed out: every href, action, src and Location stays under /auth, every link works', async () => {
    const result = await crawl(t, APP_URL, { seeds: seeds(BASE) })
    expect(result.escaping).toEqual([])
    expect(result.broken).toEqual([])
    for (const path of MUST_VISIT) expect(result.visited.get(BASE + path)).toBe(200)
    for (const path of MUST_POST) expect(result.posted.has(BASE + path)).toBe(true)
    // Every form posts to a route (a failed one is its page again): never a 404 or 405.
    for (const [action, status] of result.posted)
      expect([action, status === 404 || status === 405]).toEqual([action, false])
  }, 60_000)

  test('signed in: the account pages and their forms too', async () => {
    const { cookie } = await signUp(underBase(t, BASE))
    const result = await crawl(t, APP_URL, {
      seeds: seeds(BASE),
      cookie: `session_id=${cookie}`,
      skipPosts: /\/(logout|revoke(-others)?)$/,
    })
    expect(result.escaping).toEqual([])
    expect(result.broken).toEqual([])
    for (const path of ['/account', '/account/password', '/account/email', '/account/sessions'])
      expect(result.visited.get(BASE + path)).toBe(200)
    for (const path of ['/account/password', '/account/email', '/account/delete'])
      expect(result.posted.get(BASE + path)).toBe(422)
  }, 60_000)
})

describe('the dev mailbox under /auth (no SMTP)', () => {
  test('its page, its check-inbox link and the mailed links it shows stay under /auth', async () => {
    const dev = await createTestApp({ env: { APP_URL, SMTP_HOST: '' } })
    try {
      // The mailbox shows itself only to a client on this machine.
      const local = {
        request: (path: string, init?: RequestInit) => dev.request(path, init, '127.0.0.1'),
        mail: dev.mail,
      }
      const email = uniqueEmail('devbox')
      const registered = await local.request(`${BASE}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ email, password: STRONG_PASSWORD }),
      })
      expect(registered.status).toBe(201)
      await dev.deps.settled()
      const result = await crawl(local, APP_URL, {
        seeds: [`${BASE}/dev/mailbox`, `${BASE}/register/check-inbox`],
      })
      expect(result.escaping).toEqual([])
      expect(result.broken).toEqual([])
      expect(result.visited.get(`${BASE}/dev/mailbox`)).toBe(200)
      // The crawl followed the mailed verification link from the mailbox page.
      const opened = [...result.visited.keys()].filter((path) =>
        path.startsWith(`${BASE}/verify-email?token=`),
      )
      expect(opened.length).toBe(1)
      expect(result.visited.get(opened[0]!)).toBe(200)
    } finally {
      await dev.close()
    }
  }, 60_000)
})

describe('the browser flow under /auth', () => {
  test('register, verify by the mailed link, log in via next, log out, reset, log in', async () => {
    await browserFlow(t, APP_URL)
  }, 60_000)

  test('the language switch comes back to a page under /auth', async () => {
    const post = (fields: Record<string, string>) =>
      t.request(`${BASE}/language`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://localhost',
          accept: 'text/html',
        },
        body: new URLSearchParams(fields).toString(),
      })
    expect((await post({ lang: 'de', next: `${BASE}/login` })).headers.get('location')).toBe(
      `${BASE}/login`,
    )
    expect((await post({ lang: 'de' })).headers.get('location')).toBe(`${BASE}/`)
    expect((await post({ lang: 'de', next: '//evil.test' })).headers.get('location')).toBe(
      `${BASE}/account`,
    )
  })
})

describe('the JSON API, probes and docs under /auth', () => {
  test('the seed flow in JSON works with every path under /auth', async () => {
    const client = underBase(t, BASE)
    const user = await signUp(client)
    const me = await t.json('GET', `${BASE}/me`, undefined, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    })
    expect(me).toMatchObject({ status: 200, body: { email: user.email, is_verified: true } })
    const authz = await t.request(`${BASE}/authz`, {
      headers: { cookie: `session_id=${user.cookie}` },
    })
    expect(authz.status).toBe(200)
    expect(authz.headers.get('x-auth-request-user')).toBe(String(user.userId))
  })

  test('/authz sends a browser to the log-in page under /auth', async () => {
    const res = await t.request(`${BASE}/authz`, {
      headers: {
        accept: 'text/html',
        'x-forwarded-host': 'localhost',
        'x-forwarded-proto': 'http',
        'x-forwarded-uri': '/dashboard?tab=1',
      },
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(
      `${APP_URL}/login?next=${encodeURIComponent('http://localhost/dashboard?tab=1')}`,
    )
  })

  test('home answers at /auth and /auth/; probes live under /auth', async () => {
    for (const path of [BASE, `${BASE}/`])
      expect(await t.json('GET', path)).toMatchObject({
        status: 200,
        body: { message: 'Gatehouse API' },
      })
    expect(await t.json('GET', `${BASE}/healthz`)).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    })
    expect((await t.json('GET', `${BASE}/readyz`)).status).toBe(200)
  })

  test('/openapi.json names APP_URL, path included, as its server; the docs load from /auth', async () => {
    const doc = await t.json('GET', `${BASE}/openapi.json`)
    expect(doc.body.servers).toEqual([{ url: APP_URL, description: 'APP_URL' }])
    const html = await (await t.request(`${BASE}/docs`)).text()
    expect(html).toContain(`src="${BASE}/docs/assets/docs.js?v=`)
    expect(html).toContain(`href="${BASE}/docs/assets/swagger-ui.css?v=`)
    // The page's script fetches the document relative to /auth/docs, i.e. /auth/openapi.json.
    const init = await (await t.request(`${BASE}/docs/assets/docs.js`)).text()
    expect(new URL(/url: '([^']+)'/.exec(init)![1]!, `${APP_URL}/docs`).href).toBe(
      `${APP_URL}/openapi.json`,
    )
  })

  test('outside /auth: the contract 404, whatever the path, the security headers kept', async () => {
    for (const path of ['/', '/login', '/healthz', '/readyz', '/authz', '/authx', '/auth.css']) {
      const res = await t.json('GET', path)
      expect({ path, status: res.status, body: res.body }).toEqual({
        path,
        status: 404,
        body: { detail: 'Not Found' },
      })
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    }
    const page = await t.request('/login', { headers: { accept: 'text/html' } })
    expect(page.status).toBe(404)
    expect(await page.text()).toContain(`href="${BASE}/"`)
    const post = await t.json('POST', '/register', { email: 'a@example.com', password: 'x' })
    expect(post.status).toBe(404)
  })

  test('a method a route under /auth does not have: 405 with its Allow', async () => {
    const res = await t.json('DELETE', `${BASE}/register`)
    expect(res).toMatchObject({ status: 405, body: { detail: 'Method Not Allowed' } })
    expect(res.headers.get('allow')).toBe('GET, POST, HEAD')
    const page = await t.request(`${BASE}/register`, {
      method: 'DELETE',
      headers: { accept: 'text/html' },
    })
    expect(page.status).toBe(405)
    const urls = urlsOf(await page.text())
    expect(urls).toContain(`${BASE}/`)
    expect(escapingUrls(urls, APP_URL)).toEqual([])
    const trace = await t.request(`${BASE}/login`, { method: 'TRACE' })
    expect([trace.status, trace.headers.get('allow')]).toEqual([405, 'GET, POST, HEAD'])
  })
})
