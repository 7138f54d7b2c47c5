// The session cookie: HttpOnly, SameSite=Lax, Path=/, and __Host- with Secure on https.
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../deps'

const cookieName = (c: Context<AppEnv>) =>
  c.get('deps').config.https ? '__Host-session_id' : 'session_id'

export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, cookieName(c))
}

export function setSessionCookie(c: Context<AppEnv>, secret: string) {
  const { https, sessionTtlSeconds } = c.get('deps').config
  setCookie(c, cookieName(c), secret, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: https,
    maxAge: sessionTtlSeconds,
  })
}

/**
 * Sends the cookie of a session the request was authenticated by again, with a fresh
 * Max-Age, when the lookup said it is due, unless the route set or cleared it itself.
 */
export async function renewSessionCookie(c: Context<AppEnv>) {
  const auth = await c.get('session')?.catch(() => null)
  const secret = auth?.renewCookie ? readSessionCookie(c) : undefined
  if (!secret) return
  const name = `${cookieName(c)}=`
  if (c.res.headers.getSetCookie().some((line) => line.startsWith(name))) return
  setSessionCookie(c, secret)
}

export function clearSessionCookie(c: Context<AppEnv>) {
  const { https } = c.get('deps').config
  deleteCookie(c, cookieName(c), { httpOnly: true, sameSite: 'Lax', path: '/', secure: https })
}

export function readBearer(c: Context<AppEnv>): string | undefined {
  const header = c.req.header('authorization')
  if (header === undefined) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match ? match[1] : ''
}
