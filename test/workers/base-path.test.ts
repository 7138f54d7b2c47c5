// Mounted under a path on workerd (wrangler dev): the same checks as the Bun app's
// (test/routes/base-path.test.ts) against the Workers entry, which builds its app on the first
// request from the APP_URL in `env`.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { signUp } from '../support/client'
import { browserFlow, crawl, seeds, underBase } from '../support/mounted'
import { type HttpClient, type Stack, startStack } from './support/stack'

const APP_URL = 'http://localhost:3000/auth'
const BASE = '/auth'

describe.skipIf(!process.env.TEST_WORKERS)('Workers under APP_URL=…/auth', () => {
  let stack: Stack
  let t: HttpClient
  beforeAll(async () => {
    stack = await startStack({ APP_URL })
    t = stack.client()
  }, 120_000)
  afterAll(() => stack?.stop(), 30_000)

  test('every page and form: no href, action, src or Location outside /auth, no broken link', async () => {
    const result = await crawl(t, APP_URL, { seeds: seeds(BASE) })
    expect(result.escaping).toEqual([])
    expect(result.broken).toEqual([])
    for (const path of ['/', '/login', '/register', '/docs', '/openapi.json', '/assets/app.css'])
      expect(result.visited.get(BASE + path)).toBe(200)
    expect(result.posted.has(`${BASE}/register`)).toBe(true)
  }, 60_000)

  test('the browser flow: register, mailed link, log in via next, log out, reset', async () => {
    await browserFlow(t, APP_URL)
  }, 60_000)

  test('JSON, probes and /authz under /auth; outside it the contract 404', async () => {
    const user = await signUp(underBase(t, BASE))
    const authz = await t.request(`${BASE}/authz`, {
      headers: { cookie: `session_id=${user.cookie}` },
    })
    expect(authz.status).toBe(200)
    expect(authz.headers.get('x-auth-request-user')).toBe(String(user.userId))
    expect((await t.json('GET', `${BASE}/readyz`)).status).toBe(200)
    expect((await t.json('GET', `${BASE}/openapi.json`)).body.servers[0].url).toBe(APP_URL)
    for (const path of ['/', '/login', '/healthz', '/authz'])
      expect({ path, ...(await t.json('GET', path)) }).toMatchObject({
        path,
        status: 404,
        body: { detail: 'Not Found' },
      })
  }, 60_000)
})
