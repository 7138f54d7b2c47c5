// A user's sessions: list them, end one, end all but the current one.
import type { Authenticated, Deps } from '../deps'
import { fail, type Result, UnavailableError } from '../errors'
import type { ListedSession, SessionData } from '../ports'
import { invalidateSession, revokeUserSessions } from './session'

export interface SessionView {
  id: string
  createdAt: Date
  lastSeenAt: Date
  ip: string
  userAgent: string
  device: string
  current: boolean
}

async function listed(deps: Deps, userId: number): Promise<ListedSession[]> {
  try {
    return await deps.sessions.listUser(userId)
  } catch (error) {
    throw new UnavailableError('redis', { cause: error })
  }
}

const view = (s: SessionData, current: boolean): SessionView => ({
  id: s.publicId,
  createdAt: new Date(s.createdAt),
  lastSeenAt: new Date(s.lastSeenAt),
  ip: s.ip,
  userAgent: s.userAgent,
  device: s.device,
  current,
})

/** Newest first. */
export async function listSessions(deps: Deps, auth: Authenticated): Promise<SessionView[]> {
  const sessions = await listed(deps, auth.session.userId)
  return sessions
    .map(({ key, session }) => view(session, key === auth.sessionKey))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
}

/**
 * Finds the session by its public id among the user's own only: another user's id is "not
 * found", exactly like an unknown one. `current` says the caller ended their own (a log-out).
 */
export async function revokeSession(
  deps: Deps,
  auth: Authenticated,
  publicId: string,
): Promise<Result<{ current: boolean }, 'SESSION_NOT_FOUND'>> {
  const { userId } = auth.session
  const target = publicId
    ? (await listed(deps, userId)).find((s) => s.session.publicId === publicId)
    : undefined
  if (!target) return fail('SESSION_NOT_FOUND')
  await invalidateSession(deps, target.key)
  deps.log.info('auth.session_revoke', { outcome: 'success', userId })
  return { ok: true, current: target.key === auth.sessionKey }
}

export async function revokeOtherSessions(
  deps: Deps,
  auth: Authenticated,
): Promise<{ sessionsRevoked: number }> {
  const { userId } = auth.session
  const sessionsRevoked = await revokeUserSessions(deps, userId, { keep: auth.sessionKey })
  if (sessionsRevoked > 0)
    await deps.db.recordSessionsRevoked({ id: userId, email: auth.session.email }, deps.clock.now())
  deps.log.info('auth.sessions_revoke_others', { outcome: 'success', userId, sessionsRevoked })
  return { sessionsRevoked }
}
