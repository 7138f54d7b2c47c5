// Re-authentication by the current password before a change of credentials or a deletion.
import type { Deps } from '../deps'
import { fail, type Result } from '../errors'
import type { User, UserId } from '../ports'
import { normalizePassword } from './password-policy'
import { emailKey, rateLimit } from './rate-limits'

export type ReauthFailure = 'CURRENT_PASSWORD_INCORRECT' | 'RATE_LIMITED' | 'UNAUTHENTICATED'

/**
 * A stolen session (an unlocked laptop) must not be enough to take the account over. Wrong
 * current passwords count on the failed log-ins counter of the user's email, counted before
 * argon2 runs (as for log-in, so concurrent guesses cannot overshoot it) and refunded when
 * the password is right: one budget of guesses per account, however they arrive.
 */
export async function checkCurrentPassword(
  deps: Deps,
  userId: UserId,
  password: string,
): Promise<Result<{ user: User }, ReauthFailure>> {
  const user = await deps.db.findUserById(userId)
  if (!user?.isActive) return fail('UNAUTHENTICATED')
  const emailHash = await emailKey(deps, user.email)
  const quota = await rateLimit(deps, 'hit', 'loginFailuresPerEmail', emailHash)
  if (!quota.allowed) return fail('RATE_LIMITED', { retryAfter: quota.resetSeconds })
  if (!(await deps.hasher.verify(user.passwordHash, normalizePassword(password)))) {
    deps.log.info('auth.reauthenticate', { outcome: 'failure', userId })
    return fail('CURRENT_PASSWORD_INCORRECT')
  }
  await rateLimit(deps, 'refund', 'loginFailuresPerEmail', emailHash)
  return { ok: true, user }
}
