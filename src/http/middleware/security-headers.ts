// The contract's security headers on every response, errors and 404s included.
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../deps'

const CSP =
  "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action " +
  "'self'"
const BASE: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Content-Security-Policy', CSP],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
]

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async function securityHeaders(c, next) {
    await next()
    const headers = c.res.headers
    for (const [name, value] of BASE) headers.set(name, value)
    // Browsers apply form-action to the redirect after a form post too: the log-in form's 303
    // to a RETURN_ORIGINS `next` must be allowed by it.
    const returnOrigins = c.get('deps')?.config.returnOrigins
    if (returnOrigins?.length)
      headers.set('Content-Security-Policy', `${CSP} ${returnOrigins.join(' ')}`)
    // Pages whose URL holds a token set no-referrer themselves; keep it.
    if (!headers.has('Referrer-Policy'))
      headers.set('Referrer-Policy', 'strict-origin-when-cross-origin')
    if (c.get('deps')?.config.https)
      headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    // Auth pages and JSON answers are personal: never cached. Static assets may be.
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store')
  }
}
