// Deleting an account: the rows go, every session ends, a last mail and `user.deleted` go out.
import type { Deps } from '../deps'
import { fail, type Result } from '../errors'
import { deliverMail } from '../mail/outbox'
import type { User, UserId } from '../ports'
import { revokeUserSessions } from './session'

/**
 * No password here: the route checks it (checkCurrentPassword) before calling this, and the
 * operator's command calls it as it is. The caller logs the change as its own event.
 */
export async function deleteAccount(
  deps: Deps,
  userId: UserId,
): Promise<Result<{ user: User; sessionsRevoked: number }, 'NOT_FOUND'>> {
  // The user, their tokens, pending change and unsent mail go in one transaction with the
  // "Your account was deleted" mail and the user.deleted event (both outlive the user).
  const deleted = await deps.db.deleteUser(userId, deps.clock.now())
  if (!deleted) return fail('NOT_FOUND')
  // After the commit, so a log-in in flight that read the account leaves no session behind.
  const sessionsRevoked = await revokeUserSessions(deps, userId)
  deps.defer(deliverMail(deps, deleted.mailId))
  return { ok: true, user: deleted.user, sessionsRevoked }
}
