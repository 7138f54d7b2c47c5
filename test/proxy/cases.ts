// What the README promises of either proxy, checked through the real one: no session is sent to
// the log-in page, a session reaches the product with the user's identity, a client can never
// forge that identity, and a log-out refuses the very next request.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { signUp, uniqueEmail } from '../support/client'
import {
  clientThrough,
  type EchoedRequest,
  freePort,
  type ListeningGatehouse,
  listenGatehouse,
  type RunningProxy,
  startEchoUpstream,
} from './support'

type SessionRow = { id: string; current: boolean }
type StartProxy = (port: number, gatehouse: number, product: number) => Promise<RunningProxy>

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const FORGED = {
  'X-Auth-Request-User': '1',
  'X-Auth-Request-Email': 'admin@example.com',
  'X-Auth-Request-Email-Verified': 'true',
  'X-Auth-Request-Session': 'forged',
}

export function proxyCases(name: string, startProxy: StartProxy) {
  describe(`${name} with the README's configuration`, () => {
    let gatehouse: ListeningGatehouse
    let upstream: ReturnType<typeof startEchoUpstream>
    let proxy: RunningProxy
    let appUrl: string

    beforeAll(async () => {
      const port = await freePort()
      appUrl = `http://127.0.0.1:${port}/auth`
      upstream = startEchoUpstream()
      gatehouse = await listenGatehouse({ APP_URL: appUrl, TRUST_PROXY: 'true' })
      proxy = await startProxy(port, gatehouse.port, upstream.port)
    }, 60_000)
    afterAll(async () => {
      await proxy?.stop()
      await gatehouse?.stop()
      await upstream?.stop()
    })

    /** A request through the proxy, and what the product received from it (if anything). */
    async function get(path: string, headers: Record<string, string>) {
      const before = upstream.received.length
      const res = await fetch(`${proxy.url}${path}`, { headers, redirect: 'manual' })
      const body = await res.text()
      const seen: EchoedRequest[] = upstream.received.slice(before)
      return { res, body, seen }
    }

    const signedIn = async () => {
      const user = await signUp(clientThrough(appUrl, gatehouse.t), uniqueEmail(name))
      expect(user.cookie).not.toBe('')
      return user
    }

    test('a browser without a session is sent to the log-in page, next = its URL', async () => {
      const path = '/reports/2026?year=2026&tab=a%20b'
      const { res, seen } = await get(path, { accept: HTML })
      expect(res.status).toBe(303)
      const next = encodeURIComponent(`${proxy.url}${path}`)
      expect(res.headers.get('location')).toBe(`${appUrl}/login?next=${next}`)
      expect(seen).toEqual([])
    })

    test('an API client without a session gets the 401 JSON, the product nothing', async () => {
      const { res, body, seen } = await get('/api/items', { accept: 'application/json' })
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Bearer')
      expect(JSON.parse(body)).toEqual({ detail: 'Invalid authentication credentials' })
      expect(seen).toEqual([])
    })

    test("Gatehouse's own pages are served under /auth through the proxy", async () => {
      const res = await fetch(`${proxy.url}/auth/login`, { headers: { accept: HTML } })
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('action="/auth/login')
    })

    test('with the cookie the product gets the request and the identity headers', async () => {
      const user = await signedIn()
      const { res, seen } = await get('/dashboard?x=1', {
        accept: HTML,
        cookie: `session_id=${user.cookie}`,
      })
      expect(res.status).toBe(200)
      expect(seen).toHaveLength(1)
      const { path, headers } = seen[0]!
      expect(path).toBe('/dashboard?x=1')
      expect(headers['x-auth-request-user']).toBe(String(user.userId))
      expect(headers['x-auth-request-email']).toBe(user.email)
      expect(headers['x-auth-request-email-verified']).toBe('true')
      const sessions = await fetch(`${appUrl}/account/sessions`, {
        headers: { accept: 'application/json', authorization: `Bearer ${user.accessToken}` },
      })
      const { sessions: list } = (await sessions.json()) as { sessions: SessionRow[] }
      expect(headers['x-auth-request-session']).toBe(list.find((s) => s.current)!.id)
    })

    test('a bearer access token works as well as the cookie', async () => {
      const user = await signedIn()
      const { res, seen } = await get('/api/items', { authorization: `Bearer ${user.accessToken}` })
      expect(res.status).toBe(200)
      expect(seen[0]?.headers['x-auth-request-user']).toBe(String(user.userId))
    })

    test('forged identity headers never reach the product, with a session', async () => {
      const user = await signedIn()
      const { res, seen } = await get('/dashboard', {
        ...FORGED,
        cookie: `session_id=${user.cookie}`,
      })
      expect(res.status).toBe(200)
      const { headers } = seen[0]!
      // The real values only: not the forged ones, nor both joined into one list.
      expect(headers['x-auth-request-user']).toBe(String(user.userId))
      expect(headers['x-auth-request-email']).toBe(user.email)
      expect(headers['x-auth-request-session']).not.toContain('forged')
    })

    test('forged identity headers never reach the product, without a session', async () => {
      for (const accept of [HTML, 'application/json']) {
        const { res, seen } = await get('/dashboard', { ...FORGED, accept })
        expect([303, 401]).toContain(res.status)
        expect(seen).toEqual([])
      }
    })

    test('after log-out the very next request is refused', async () => {
      const user = await signedIn()
      const cookie = `session_id=${user.cookie}`
      expect((await get('/dashboard', { cookie })).res.status).toBe(200)
      // As a browser's log-out form would post it: same origin, through the proxy.
      const out = await fetch(`${appUrl}/logout`, {
        method: 'POST',
        headers: { cookie, origin: proxy.url, accept: 'application/json' },
        redirect: 'manual',
      })
      expect(out.status).toBe(200)
      const api = await get('/dashboard', { cookie, accept: 'application/json' })
      expect(api.res.status).toBe(401)
      expect(api.seen).toEqual([])
      const page = await get('/dashboard', { cookie, accept: HTML })
      expect(page.res.status).toBe(303)
      expect(page.seen).toEqual([])
    })

    // Last: it takes Gatehouse away for good.
    test('with Gatehouse unreachable the product is never reached: fail closed', async () => {
      const user = await signedIn()
      const cookie = `session_id=${user.cookie}`
      expect((await get('/dashboard', { cookie })).res.status).toBe(200)
      await gatehouse.unplug()
      for (const headers of <Record<string, string>[]>[
        { cookie },
        { cookie, accept: HTML },
        FORGED,
      ]) {
        const { res, seen } = await get('/dashboard', headers)
        expect(res.status).toBeGreaterThanOrEqual(500)
        expect(seen).toEqual([])
      }
    })
  })
}
