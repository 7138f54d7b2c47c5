// CSRF: form posts, and bodiless posts that rely on the cookie, must come from our own origin.
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../deps'
import { AppError } from '../../errors'
import { hasBody, isFormType } from '../negotiate'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

export function csrf(): MiddlewareHandler<AppEnv> {
  return async function csrf(c, next) {
    if (SAFE.has(c.req.method)) return next()
    const form = isFormType(c.req.header('content-type') ?? '')
    // JSON bodies cannot cross origins without a CORS preflight; bearer headers cannot be forged.
    const cookieOnly =
      !hasBody(c.req.raw) &&
      !c.req.header('authorization') &&
      (c.req.header('cookie') ?? '').includes('session_id=')
    if (
      (form || cookieOnly) &&
      !sameOrigin(
        c.req.header('origin'),
        c.req.header('sec-fetch-site'),
        c.var.deps.config.appOrigin,
      )
    ) {
      throw new AppError('FORBIDDEN')
    }
    return next()
  }
}

function sameOrigin(
  origin: string | undefined,
  fetchSite: string | undefined,
  appOrigin: string,
): boolean {
  // Pages sent with Referrer-Policy: no-referrer (the token pages) make browsers post with
  // `Origin: null`; Fetch Metadata still tells our own page from an opaque attacker page.
  if (origin !== undefined && origin !== 'null') return origin === appOrigin
  return fetchSite === 'same-origin'
}
