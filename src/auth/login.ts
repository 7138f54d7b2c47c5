// Log-in: the failure counted first, one argon2 verify whatever the email, then a fresh session.
import type { Deps } from '../deps'
import { fail, type Result } from '../errors'
import { normalizePassword } from './password-policy'
import { emailKey, rateLimit } from './rate-limits'
import { createSession, invalidateSession, type NewSession, readGeneration } from './session'
import { sha256 } from './tokens'

/**
 * A hash of a random password with the production parameters: verifying against it
 * costs what a real verify costs, so an unknown email answers as slowly as a wrong password.
 */
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$sJBa6wa12aiYDafhzjdkRA$' +
  'fxBhd9V3jmUrUJMgEANQkE98/ywFpJgkjTX4EiC3DKU'

type LoginResult = Result<
  { session: NewSession; user: { id: number; email: string; isVerified: boolean } },
  'INVALID_CREDENTIALS' | 'ACCOUNT_DEACTIVATED' | 'EMAIL_NOT_VERIFIED' | 'RATE_LIMITED'
>

/**
 * Why a log-in in flight during a revocation leaves no live session (no clocks involved, only
 * the order of each side's own steps and the store's atomic scripts):
 * - a revocation first commits its change (the new hash, is_active = false), THEN moves the
 *   user's generation from g to g + 1 (revokeUserSessions);
 * - a log-in first reads the generation G, THEN reads the account A it checks, and creates
 *   its session carrying G; the store refuses a session whose G is not current, and touch
 *   ends one whose G stopped being current.
 * If A is the account from before the change, A was read before the commit, so G was read
 * before the bump: G <= g. A create after the bump is refused; one before it leaves a
 * session that the bump makes stale (deleted by the revocation, dead at any touch).
 * If A is the account after the change, the log-in checked the new password and may live
 * (if its G still predates the bump it is refused: a rare, harmless retry).
 * The hash argon2 checked was read before G, so it counts only if it equals A's.
 *
 * `presentedSession` is the session cookie the client sent, if any: a log-in ends it.
 */
export async function login(
  deps: Deps,
  input: { email: string; password: string },
  clientIp: string,
  presentedSession?: string,
  userAgent?: string,
): Promise<LoginResult> {
  const emailHash = await emailKey(deps, input.email)
  // Every attempt is counted before its password is checked, in one atomic step, and given
  // back once the password proves right: counted after the check (as a failure), concurrent
  // guesses would all pass a limit that none of them had counted yet. Unknown and known
  // emails count alike, so the throttle itself reveals nothing.
  const [quota, found] = await Promise.all([
    rateLimit(deps, 'hit', 'loginFailuresPerEmail', emailHash),
    deps.db.findUserByEmail(input.email),
  ])
  if (!quota.allowed) {
    deps.log.info('auth.login', { outcome: 'throttled', emailHash, ip: clientIp })
    return fail('RATE_LIMITED', { retryAfter: quota.resetSeconds })
  }

  // The revocation generation is read while argon2 runs (it costs no time); the account is
  // read again after it, and the hash verified must be the one read then (see above).
  const [passwordOk, generation] = await Promise.all([
    deps.hasher.verify(found?.passwordHash ?? DUMMY_HASH, normalizePassword(input.password)),
    found ? readGeneration(deps, found.id) : null,
  ])
  // Only a right password pays for the second read: a wrong one answers as fast as an unknown
  // email (no database work that only known emails cause).
  const user = found && passwordOk ? await deps.db.findUserById(found.id) : null
  if (!found || generation === null || !user || user.passwordHash !== found.passwordHash) {
    deps.log.info('auth.login', { outcome: 'failure', emailHash, userId: found?.id, ip: clientIp })
    return fail('INVALID_CREDENTIALS')
  }

  // The password was right: this attempt is no failure, whatever follows.
  const refund = rateLimit(deps, 'refund', 'loginFailuresPerEmail', emailHash)
  if (!user.isActive || !user.isVerified) {
    await refund
    const outcome = user.isActive ? 'unverified' : 'deactivated'
    deps.log.info('auth.login', { outcome, userId: user.id, ip: clientIp })
    return fail(user.isActive ? 'EMAIL_NOT_VERIFIED' : 'ACCOUNT_DEACTIVATED')
  }

  // A new id at every log-in, and the one the browser came with ends (ASVS 5.0 V7.2.4): a
  // session id planted by someone else (their own live session) is neither adopted nor kept.
  // The three travel in one round trip.
  const [session] = await Promise.all([
    createSession(deps, user, generation, { ip: clientIp, userAgent }),
    refund,
    presentedSession ? sha256(presentedSession).then((key) => invalidateSession(deps, key)) : null,
  ])
  if (!session) {
    // A revocation (reset, deactivation) happened while this log-in ran: the password it
    // checked is no longer the account's, so it answers as a wrong one.
    deps.log.info('auth.login', { outcome: 'revoked', userId: user.id, ip: clientIp })
    return fail('INVALID_CREDENTIALS')
  }
  deps.log.info('auth.login', { outcome: 'success', userId: user.id, ip: clientIp })
  // For the operator's listing only: one UPDATE once the answer is out, so no log-in waits on it.
  const at = deps.clock.now()
  deps.defer(() => deps.db.recordLogin(user.id, at))
  return {
    ok: true,
    session,
    user: { id: user.id, email: user.email, isVerified: user.isVerified },
  }
}
