// Per request: the deps, a request id, the client IP, the chosen representation, and one access-log
// line.
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv, Deps } from '../../deps'
import { wantsHtml } from '../negotiate'

export function requestContext(getDeps: (c: Context) => Deps): MiddlewareHandler<AppEnv> {
  return async function requestContext(c, next) {
    const started = performance.now()
    const deps = getDeps(c)
    const requestId = crypto.randomUUID()
    c.set('deps', deps)
    c.set('requestId', requestId)
    const ip = clientIp(c, deps)
    c.set('clientIp', ip)
    c.set('html', wantsHtml(c.req.raw))
    await next()
    // On the response itself: c.header() after the handler would copy the whole response.
    c.res.headers.set('X-Request-Id', requestId)
    // The path only: query strings can hold tokens and are never logged.
    if (deps.config.accessLog)
      deps.log.info('http', {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ip,
        requestId,
      })
  }
}

/**
 * The socket's address; forwarding headers only behind a proxy we were told to trust,
 * and then the right-most X-Forwarded-For entry: the one our own proxy appended.
 */
function clientIp(c: Context, deps: Deps): string {
  if (deps.config.trustProxy) {
    const forwarded = c.req
      .header('x-forwarded-for')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .at(-1)
    if (forwarded) return forwarded
  }
  // Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d; one client, one key.
  return deps.peerAddress(c)?.replace(/^::ffff:(?=\d+\.)/, '') ?? 'unknown'
}
