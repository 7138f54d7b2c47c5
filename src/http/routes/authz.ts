// Forward auth for the product beside Gatehouse: nginx auth_request, Caddy forward_auth,
// Traefik forwardAuth ask here on every page view of the product.
import { type Context, Hono } from 'hono'
import type { AppEnv } from '../../deps'
import { sessionOf } from '../middleware/session-lookup'
import { respondError } from '../respond'
import { safeNextPath } from '../safe-next'

export const authzRoutes = new Hono<AppEnv>().get('/authz', async (c) => {
  // The answer goes to a proxy, never rendered: errors (503 included) stay JSON whatever Accept.
  const loginRedirect = browserLoginRedirect(c)
  c.set('html', false)
  c.header('Cache-Control', 'no-store')
  const auth = await sessionOf(c)
  if (!auth)
    return loginRedirect ? c.redirect(loginRedirect, 303) : respondError(c, 'UNAUTHENTICATED')
  const s = auth.session
  if (c.req.query('require') === 'verified' && !s.isVerified) return respondError(c, 'FORBIDDEN')
  return c.body(null, 200, {
    'X-Auth-Request-User': String(s.userId),
    'X-Auth-Request-Email': s.email,
    'X-Auth-Request-Email-Verified': String(s.isVerified),
    'X-Auth-Request-Session': s.publicId,
  })
})

/**
 * The log-in URL for a browser navigation forwarded by a proxy that passes a redirect on (Caddy,
 * Traefik: X-Forwarded-Uri and -Host); null for nginx (X-Original-URI, or nothing forwarded),
 * HEAD, and non-page requests, which get 401. These headers only build `next`: it is checked
 * like any other `next`, and dropped when its origin is not an allowed one.
 */
function browserLoginRedirect(c: Context<AppEnv>): string | null {
  const uri = c.req.header('x-forwarded-uri')
  const host = c.req.header('x-forwarded-host')
  if (c.req.method !== 'GET' || c.req.header('x-original-uri') !== undefined) return null
  if (!uri || !host || !(c.req.header('accept') ?? '').toLowerCase().includes('text/html'))
    return null
  const { config } = c.get('deps')
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
  const scheme =
    proto === 'http' || proto === 'https' ? proto : new URL(config.appUrl).protocol.slice(0, -1)
  const path = uri.startsWith('/') ? uri : `/${uri}`
  const original = `${scheme}://${host.split(',')[0]?.trim()}${path}`
  const next = safeNextPath(original, config)
  const login = `${config.appUrl}/login`
  return next === '/account' ? login : `${login}?next=${encodeURIComponent(next)}`
}
