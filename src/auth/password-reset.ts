// Password reset: request a link (answered before any lookup), then set a new password with it.
import type { Deps } from '../deps'
import { type Failure, fail, type Result } from '../errors'
import { deliverMail } from '../mail/outbox'
import { deferAfterAnswer } from './after-answer'
import { tryCode } from './code-attempts'
import { normalizePassword } from './password-policy'
import { emailKey, rateLimit } from './rate-limits'
import { passwordIssue } from './register'
import { revokeUserSessions } from './session'
import { looksLikeToken, sha256 } from './tokens'

/**
 * Answers the same, in content and in time, for every email: the answer goes out before the
 * account is even looked up.
 */
export function requestPasswordReset(deps: Deps, email: string, clientIp: string): void {
  // Why after the answer: anything awaited here that depends on the account (the lookup, the
  // outbox write, the mail) makes known addresses measurably slower, an enumeration oracle at
  // a large enough sample (bench/timing.ts). The per-IP limit already ran before this.
  deferAfterAnswer(deps, () => sendResetLink(deps, email, clientIp))
}

async function sendResetLink(deps: Deps, email: string, clientIp: string): Promise<void> {
  const emailHash = await emailKey(deps, email)
  // Over the per-email limit no mail is sent (no mail-bombing); the answer was the same anyway.
  const quota = await rateLimit(deps, 'hit', 'passwordResetPerEmail', emailHash)
  const user = quota.allowed ? await deps.db.findUserByEmail(email) : null
  const send = user?.isActive === true
  deps.log.info('auth.password_reset_request', {
    outcome: send ? 'queued' : quota.allowed ? 'ignored' : 'throttled',
    emailHash,
    ip: clientIp,
  })
  if (!user || !send) return
  // Once the outbox row exists the mail is guaranteed: the drainer retries what this misses.
  const mailId = await deps.db.enqueueMail({ kind: 'password_reset', user, now: deps.clock.now() })
  await deliverMail(deps, mailId)
}

/** The mailed link's token, or the code mailed beside it with the address it was sent to. */
export type ResetProof = { token: string } | { email: string; code: string }
type ResetInput = ResetProof & { newPassword: string; confirmNewPassword?: string }
type ResetResult = Result<
  object,
  'PASSWORDS_DO_NOT_MATCH' | 'RESET_TOKEN_INVALID' | 'VALIDATION_FAILED' | 'RATE_LIMITED'
>

/** The stored hash of the reset link the proof stands for, null when it stands for none. */
async function resetTokenHash(
  deps: Deps,
  proof: ResetProof,
): Promise<{ ok: true; tokenHash: string | null } | Failure<'RATE_LIMITED'>> {
  if ('code' in proof) return tryCode(deps, 'password_reset', proof, proof.code)
  return { ok: true, tokenHash: looksLikeToken(proof.token) ? await sha256(proof.token) : null }
}

export async function resetPassword(
  deps: Deps,
  input: ResetInput,
  clientIp: string,
): Promise<ResetResult> {
  if (input.confirmNewPassword !== undefined && input.confirmNewPassword !== input.newPassword)
    return fail('PASSWORDS_DO_NOT_MATCH')
  // With a code the address is typed in: the policy's email rule runs before any code is tried.
  const typedEmail = 'email' in input ? input.email : undefined
  const ruleIssue = passwordIssue(deps, input.newPassword, 'new_password', typedEmail)
  if (ruleIssue) return fail('VALIDATION_FAILED', { fields: ruleIssue })

  const proof = await resetTokenHash(deps, input)
  if (!proof.ok) {
    deps.log.info('auth.password_reset', { outcome: 'code_throttled', ip: clientIp })
    return proof
  }
  const { tokenHash } = proof
  const owner = tokenHash ? await deps.db.findUserByResetToken(tokenHash, deps.clock.now()) : null
  if (!tokenHash || !owner) {
    const outcome = 'code' in input ? 'invalid_code' : 'invalid_token'
    deps.log.info('auth.password_reset', { outcome, ip: clientIp })
    return fail('RESET_TOKEN_INVALID')
  }
  const emailIssue = passwordIssue(deps, input.newPassword, 'new_password', owner.email)
  if (emailIssue) return fail('VALIDATION_FAILED', { fields: emailIssue })

  const passwordHash = await deps.hasher.hash(normalizePassword(input.newPassword))
  // The token is consumed inside this call by one conditional UPDATE: of concurrent uses, one wins.
  const reset = await deps.db.resetPassword({ tokenHash, passwordHash, now: deps.clock.now() })
  if (!reset) return fail('RESET_TOKEN_INVALID')

  // Every session and access token of the user dies now, including an attacker's who signed up
  // first, and those of log-ins with the old password still in flight: the new hash is
  // committed above, so the revocation comes after it (the argument is in login.ts).
  await revokeUserSessions(deps, reset.user.id)
  await rateLimit(deps, 'reset', 'loginFailuresPerEmail', await emailKey(deps, reset.user.email))
  deps.defer(deliverMail(deps, reset.mailId))
  deps.log.info('auth.password_reset', { outcome: 'success', userId: reset.user.id, ip: clientIp })
  return { ok: true }
}
