// Deactivating a user locks them out now (every session ends); reactivating lets them log in again.
import type { Deps } from '../deps'
import { fail, type Result } from '../errors'
import type { User, UserId } from '../ports'
import { revokeUserSessions } from './session'

/**
 * The caller (the operator's command) logs the change as its own event; the log-in of a
 * deactivated account is logged by login (`auth.login`, outcome `deactivated`).
 */
export async function deactivateUser(
  deps: Deps,
  userId: UserId,
): Promise<Result<{ user: User; sessionsRevoked: number }, 'NOT_FOUND'>> {
  // Committed first, then revoked: a log-in that read is_active = true read the generation
  // before this revocation, so its session is refused or dies (the argument is in login.ts).
  const user = await deps.db.setUserActive(userId, false, deps.clock.now())
  if (!user) return fail('NOT_FOUND')
  return { ok: true, user, sessionsRevoked: await revokeUserSessions(deps, userId) }
}

export async function reactivateUser(
  deps: Deps,
  userId: UserId,
): Promise<Result<{ user: User }, 'NOT_FOUND'>> {
  const user = await deps.db.setUserActive(userId, true, deps.clock.now())
  return user ? { ok: true, user } : fail('NOT_FOUND')
}
