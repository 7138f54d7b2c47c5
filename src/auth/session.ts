// Sessions: a random secret in the cookie, its SHA-256 as the store key and the JWT `sid`.
import type { Authenticated, Deps } from '../deps'
import { UnavailableError } from '../errors'
import type { SessionStore, User } from '../ports'
import { randomToken, sha256 } from './tokens'

export interface NewSession {
  /** Goes into the cookie and nowhere else. */
  secret: string
  accessToken: string
}

/** The store is Redis in production: any failure there is a 503, never a pass. */
async function store<T>(call: (s: SessionStore) => Promise<T>, sessions: SessionStore): Promise<T> {
  try {
    return await call(sessions)
  } catch (error) {
    throw new UnavailableError('redis', { cause: error })
  }
}

export async function createSession(deps: Deps, user: User): Promise<NewSession> {
  // Always a fresh secret: a session id planted before log-in is never adopted.
  const secret = randomToken()
  const key = await sha256(secret)
  const now = deps.clock.now()
  const data = {
    userId: user.id,
    email: user.email,
    isActive: user.isActive,
    isVerified: user.isVerified,
    createdAt: now.getTime(),
  }
  await store((s) => s.create(key, data, deps.config.sessionTtlSeconds), deps.sessions)
  // The JWT carries the key, not the secret: reading a JWT never yields a usable cookie.
  const accessToken = await deps.accessTokens.sign({ userId: user.id, sessionId: key }, now)
  return { secret, accessToken }
}

/**
 * Store keys of the cookies of live sessions seen last: a browser sends the same cookie with
 * every request, and SHA-256 through Web Crypto costs a hop to another thread each time.
 * Only cookies that found a live session are remembered, so made-up ones cannot evict them.
 */
const cookieKeys = new Map<string, string>()
const COOKIE_KEYS = 4096

/** Bearer first (an explicit header wins), else the cookie. Renews the session's TTL. */
export async function validateSession(
  deps: Deps,
  credentials: { bearer?: string; cookie?: string },
): Promise<Authenticated | null> {
  let key: string
  let userId: number | undefined
  if (credentials.bearer !== undefined) {
    const claims = await deps.accessTokens.verify(credentials.bearer, deps.clock.now())
    if (!claims) return null
    key = claims.sessionId
    userId = claims.userId
  } else if (credentials.cookie) {
    key = cookieKeys.get(credentials.cookie) ?? (await sha256(credentials.cookie))
  } else {
    return null
  }
  const session = await store((s) => s.touch(key, deps.config.sessionTtlSeconds), deps.sessions)
  if (!session || (userId !== undefined && session.userId !== userId) || !session.isActive)
    return null
  // Renewal keeps a used session alive, but never past its absolute lifetime (ASVS V7.3.2).
  if (
    deps.clock.now().getTime() - session.createdAt >
    deps.config.sessionMaxLifetimeSeconds * 1000
  ) {
    await invalidateSession(deps, key)
    return null
  }
  if (userId === undefined && !cookieKeys.has(credentials.cookie!)) {
    if (cookieKeys.size >= COOKIE_KEYS) cookieKeys.delete(cookieKeys.keys().next().value!)
    cookieKeys.set(credentials.cookie!, key)
  }
  return { session, sessionKey: key }
}

export function invalidateSession(deps: Deps, sessionKey: string): Promise<void> {
  return store((s) => s.delete(sessionKey), deps.sessions)
}

export function invalidateUserSessions(deps: Deps, userId: number): Promise<void> {
  return store((s) => s.deleteAllForUser(userId), deps.sessions)
}
