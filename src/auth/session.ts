// Sessions: a random secret in the cookie, its SHA-256 as the store key and the JWT `sid`.
import type { Authenticated, Deps } from '../deps'
import { UnavailableError } from '../errors'
import type { SessionData, SessionStamps, SessionStore, User, UserId } from '../ports'
import { deviceLabel } from './device-label'
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

/**
 * `generation` is the user's revocation generation, read before the account whose password
 * was checked (see login.ts). null when a revocation happened since: the store refused it.
 */
export async function createSession(
  deps: Deps,
  user: User,
  generation: number,
  client: { ip: string; userAgent?: string } = { ip: '' },
): Promise<NewSession | null> {
  // Always a fresh secret: a session id planted before log-in is never adopted.
  const secret = randomToken()
  const key = await sha256(secret)
  const now = deps.clock.now()
  const data: SessionData = {
    userId: user.id,
    email: user.email,
    isActive: user.isActive,
    isVerified: user.isVerified,
    createdAt: now.getTime(),
    generation,
    // The log-in answer carries the cookie.
    cookieSetAt: now.getTime(),
    // Random, not derived from the secret or the key: showing it never helps to forge either.
    publicId: randomToken(16),
    ip: client.ip,
    userAgent: (client.userAgent ?? '').slice(0, 512),
    device: deviceLabel(client.userAgent),
    lastSeenAt: now.getTime(),
  }
  const created = await store(
    (s) => s.create(key, data, deps.config.sessionTtlSeconds),
    deps.sessions,
  )
  if (!created) return null
  // The JWT carries the key, not the secret: reading a JWT never yields a usable cookie.
  const accessToken = await deps.accessTokens.sign({ userId: user.id, sessionId: key }, now)
  return { secret, accessToken }
}

export function readGeneration(deps: Deps, userId: UserId): Promise<number> {
  return store((s) => s.generation(userId), deps.sessions)
}

/**
 * Store keys of the cookies of live sessions seen last: a browser sends the same cookie with
 * every request, and SHA-256 through Web Crypto costs a hop to another thread each time.
 * Only cookies that found a live session are remembered, so made-up ones cannot evict them.
 */
const cookieKeys = new Map<string, string>()
const LAST_SEEN_EVERY_MS = 60_000
const COOKIE_KEYS = 4096

/**
 * Bearer first (an explicit header wins), else the cookie. Renews the session's TTL, and
 * for a cookie says whether to send it again: after a quarter of its Max-Age, the browser
 * would otherwise drop it at Max-Age while the server still renews the session.
 */
export async function validateSession(
  deps: Deps,
  credentials: { bearer?: string; cookie?: string },
): Promise<Authenticated | null> {
  let key: string
  let userId: number | undefined
  const now = deps.clock.now().getTime()
  const { sessionTtlSeconds, sessionMaxLifetimeSeconds } = deps.config
  // "Last seen" costs nothing extra: the touch that renews the TTL writes it, once a minute.
  const stamps: SessionStamps = { now, before: { lastSeenAt: now - LAST_SEEN_EVERY_MS } }
  if (credentials.bearer !== undefined) {
    const claims = await deps.accessTokens.verify(credentials.bearer, deps.clock.now())
    if (!claims) return null
    key = claims.sessionId
    userId = claims.userId
  } else if (credentials.cookie) {
    key = cookieKeys.get(credentials.cookie) ?? (await sha256(credentials.cookie))
    stamps.before.cookieSetAt = now - (sessionTtlSeconds * 1000) / 4
  } else {
    return null
  }
  const touched = await store((s) => s.touch(key, sessionTtlSeconds, stamps), deps.sessions)
  if (!touched) return null
  const { session, stamped } = touched
  if ((userId !== undefined && session.userId !== userId) || !session.isActive) return null
  // Renewal keeps a used session alive, but never past its absolute lifetime (ASVS V7.3.2).
  if (now - session.createdAt > sessionMaxLifetimeSeconds * 1000) {
    await invalidateSession(deps, key)
    return null
  }
  if (userId === undefined && !cookieKeys.has(credentials.cookie!)) {
    if (cookieKeys.size >= COOKIE_KEYS) cookieKeys.delete(cookieKeys.keys().next().value!)
    cookieKeys.set(credentials.cookie!, key)
  }
  // Stamped by this very touch: of concurrent requests, one re-sends the cookie.
  return { session, sessionKey: key, renewCookie: stamped.includes('cookieSetAt') }
}

export function invalidateSession(deps: Deps, sessionKey: string): Promise<void> {
  return store((s) => s.delete(sessionKey), deps.sessions)
}

/**
 * The one revocation: a password reset, and later a password or email change, a
 * deactivation, an account deletion and the operator's command, all end sessions here.
 * Every session of the user ends at once on every instance, including sessions that
 * log-ins in flight right now will try to create (the generation, see login.ts); `keep`
 * (the caller's own session key) survives. Returns how many sessions ended.
 *
 * Call it AFTER the change it enforces is committed (new hash, is_active = false): a log-in
 * that read the account before that commit read the generation before this call.
 */
export function revokeUserSessions(
  deps: Deps,
  userId: UserId,
  options: Parameters<SessionStore['revokeUser']>[1] = {},
): Promise<number> {
  return store((s) => s.revokeUser(userId, options), deps.sessions)
}
