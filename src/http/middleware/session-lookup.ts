// The session a request presents, looked up once per request and, for the routes that read it,
// early.
import type { Context, MiddlewareHandler } from 'hono'
import { validateSession } from '../../auth/session'
import type { AppEnv, Authenticated } from '../../deps'
import { routePath } from '../app-path'
import { readBearer, readSessionCookie, renewSessionCookie } from '../cookies'

/** Account self-service: a browser's cookie, or an API client's bearer. */
const account = (c: Context<AppEnv>) => ({ bearer: readBearer(c), cookie: readSessionCookie(c) })

/**
 * The routes that read the session, and the credentials each accepts (an API route: bearer, else
 * cookie).
 */
const READERS: Record<string, (c: Context<AppEnv>) => { bearer?: string; cookie?: string } | null> =
  {
    '/me': (c) => (c.get('html') ? null : { bearer: readBearer(c), cookie: readSessionCookie(c) }),
    '/account': account,
    '/account/password': account,
    '/account/email': account,
    '/account/sessions': account,
    '/account/sessions/revoke': account,
    '/account/sessions/revoke-others': account,
    '/account/delete': account,
    // A mailed code confirms a change only for a session of its user (the link's token needs none).
    '/confirm-email-change': (c) => (c.req.method === 'POST' ? account(c) : null),
    '/': (c) => (c.get('html') ? { cookie: readSessionCookie(c) } : null),
    // The switch stores the language of a signed-in user (a browser's cookie, or a bearer).
    '/language': (c) => ({ bearer: readBearer(c), cookie: readSessionCookie(c) }),
    // Forward auth: the browser's cookie as the proxy forwards it, or an API client's bearer.
    '/authz': (c) => ({ bearer: readBearer(c), cookie: readSessionCookie(c) }),
  }

/** The request's session (null without valid credentials); the store is asked once per request. */
export function sessionOf(c: Context<AppEnv>): Promise<Authenticated | null> {
  let lookup = c.get('session')
  if (!lookup) {
    const credentials = READERS[routePath(c)]?.(c)
    lookup = credentials ? validateSession(c.get('deps'), credentials) : Promise.resolve(null)
    c.set('session', lookup)
  }
  return lookup
}

/**
 * Starts the lookup before the rate-limit check instead of after it: with Redis, both
 * commands then travel in one round trip. A request refused with 429 has renewed its
 * session's TTL, which is what it would have done a moment earlier. Afterwards, re-sends
 * the cookie when the lookup (the same touch, no extra round trip) said it is due.
 */
export function prefetchSession(): MiddlewareHandler<AppEnv> {
  return async function prefetchSession(c, next) {
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && READERS[routePath(c)]) {
      // Awaited by the route; until then a failure (Redis down) must not count as unhandled.
      sessionOf(c).catch(() => {})
    }
    await next()
    await renewSessionCookie(c)
  }
}
