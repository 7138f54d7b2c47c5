// CSRF: form posts, and bodiless posts that rely on the cookie, must come from our own origin.
import type { Context, MiddlewareHandler } from 'hono'
import { validateSession } from '../../auth/session'
import type { AppEnv } from '../../deps'
import { AppError } from '../../errors'
import { readBearer } from '../cookies'
import { hasBody, isFormType } from '../negotiate'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

export function csrf(): MiddlewareHandler<AppEnv> {
  return async function csrf(c, next) {
    if (SAFE.has(c.req.method)) return next()
    const { appOrigin } = c.get('deps').config
    if (sameOrigin(c.req.header('origin'), c.req.header('sec-fetch-site'), appOrigin)) return next()
    // JSON bodies cannot cross origins without a CORS preflight (and other bodies are 415 by now).
    const form = isFormType(c.req.header('content-type') ?? '')
    const cookie = !form && !hasBody(c.req.raw) && /session_id=/.test(c.req.header('cookie') ?? '')
    if (form || (cookie && !(await carriesValidBearer(c)))) throw new AppError('FORBIDDEN')
    return next()
  }
}

/**
 * A bearer that verifies (signature, issuer, audience, expiry, live session) is a
 * credential no cross-site page can attach, so it vouches for a bodiless post. Any other
 * Authorization header (`x`, a made-up or revoked token) vouches for nothing: the post
 * still rides on the cookie.
 */
async function carriesValidBearer(c: Context<AppEnv>): Promise<boolean> {
  const bearer = readBearer(c)
  if (!bearer) return false
  return (await validateSession(c.get('deps'), { bearer })) !== null
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
