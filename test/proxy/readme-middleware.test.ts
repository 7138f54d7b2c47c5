// The README's Hono middleware, extracted from README.md, in a product on its own origin that
// asks a real, listening Gatehouse on every request: no session is refused (401 JSON, or 303 to
// the log-in page for a browser), a cookie or a bearer passes with the user, a log-out counts
// from the very next request.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Hono, type MiddlewareHandler } from 'hono'
import { APP_URL } from '../support/app'
import { importReadmeExample } from '../support/readme'
import { type ListeningGatehouse, listenGatehouse } from './support'

type Viewer = { id: number; email: string; verified: boolean; session: string }
const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8'

describe("the README's /authz middleware", () => {
  let gatehouse: ListeningGatehouse
  let product: ReturnType<typeof Bun.serve>
  let productUrl: string
  let handled = 0

  beforeAll(async () => {
    // The product's origin must be known to Gatehouse (RETURN_ORIGINS) before it starts.
    let handle = (_: Request): Response | Promise<Response> =>
      new Response('starting', { status: 503 })
    product = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (r) => handle(r) })
    productUrl = `http://127.0.0.1:${product.port}`
    gatehouse = await listenGatehouse({ RETURN_ORIGINS: productUrl })
    const { requireUser } = await importReadmeExample<{ requireUser: MiddlewareHandler }>(
      'authz-middleware',
      { GATEHOUSE_URL: `http://127.0.0.1:${gatehouse.port}` },
    )
    const app = new Hono<{ Variables: { viewer: Viewer } }>().use(requireUser).get('/*', (c) => {
      handled++
      return c.json(c.var.viewer)
    })
    handle = (r) => app.fetch(r)
  }, 60_000)
  afterAll(async () => {
    await product?.stop(true)
    await gatehouse?.stop()
  })

  const get = async (path: string, headers: Record<string, string>) => {
    const before = handled
    const res = await fetch(`${productUrl}${path}`, { headers, redirect: 'manual' })
    return { res, body: await res.text(), reached: handled - before }
  }

  test('no session: an API call gets the 401 JSON and never reaches the handler', async () => {
    const { res, body, reached } = await get('/api/items', { accept: 'application/json' })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer')
    expect(JSON.parse(body)).toEqual({ detail: 'Invalid authentication credentials' })
    expect(reached).toBe(0)
  })

  test('no session: a browser is sent to the log-in page, next = the product URL', async () => {
    const { res, reached } = await get('/reports?tab=1&x=y', { accept: HTML })
    expect(res.status).toBe(303)
    const next = encodeURIComponent(`${productUrl}/reports?tab=1&x=y`)
    expect(res.headers.get('location')).toBe(`${APP_URL}/login?next=${next}`)
    expect(reached).toBe(0)
  })

  test('the cookie or the bearer passes, with the user as the handler sees them', async () => {
    const user = await gatehouse.t.signUp()
    for (const headers of <Record<string, string>[]>[
      { cookie: `session_id=${user.cookie}` },
      { authorization: `Bearer ${user.accessToken}` },
    ]) {
      const { res, body, reached } = await get('/dashboard', headers)
      expect(res.status).toBe(200)
      expect(reached).toBe(1)
      const viewer = JSON.parse(body) as Viewer
      expect(viewer).toEqual({
        id: user.userId,
        email: user.email,
        verified: true,
        session: expect.stringMatching(/\S/),
      })
    }
  })

  test('after log-out the very next request is refused', async () => {
    const user = await gatehouse.t.signUp()
    const cookie = `session_id=${user.cookie}`
    expect((await get('/dashboard', { cookie })).res.status).toBe(200)
    const out = await gatehouse.t.json('POST', '/logout', undefined, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    })
    expect(out.status).toBe(200)
    const after = await get('/dashboard', { cookie, accept: 'application/json' })
    expect(after.res.status).toBe(401)
    expect(after.reached).toBe(0)
  })
})
