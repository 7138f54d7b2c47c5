// Password reset: request a link (same answer for every email), then set a new password with it.
import type { Deps } from '../deps'
import { fail, type Result } from '../errors'
import { deliverMail } from '../mail/outbox'
import { normalizePassword } from './password-policy'
import { emailKey, rateLimit } from './rate-limits'
import { passwordIssue } from './register'
import { revokeUserSessions } from './session'
import { looksLikeToken, sha256 } from './tokens'

/** Answers the same for every email; the mail, if any, is composed after the answer. */
export async function requestPasswordReset(
  deps: Deps,
  email: string,
  clientIp: string,
): Promise<void> {
  const emailHash = await emailKey(deps, email)
  // Over the per-email limit the answer stays identical and no mail is sent: no mail-bombing.
  const quota = await rateLimit(deps, 'hit', 'passwordResetPerEmail', emailHash)
  const user = await deps.db.findUserByEmail(email)
  const send = quota.allowed && user?.isActive
  deps.log.info('auth.password_reset_request', {
    outcome: send ? 'queued' : quota.allowed ? 'ignored' : 'throttled',
    emailHash,
    ip: clientIp,
  })
  if (!send) return
  // Why deferred, the outbox write included: only known addresses cause it, so awaiting it
  // here made their answer measurably slower (an enumeration oracle; bench/timing.ts).
  deps.defer(
    deps.db
      .enqueueMail({ kind: 'password_reset', user, now: deps.clock.now() })
      .then((mailId) => deliverMail(deps, mailId)),
  )
}

type ResetInput = { token: string; newPassword: string; confirmNewPassword?: string }
type ResetResult = Result<
  object,
  'PASSWORDS_DO_NOT_MATCH' | 'RESET_TOKEN_INVALID' | 'VALIDATION_FAILED'
>

export async function resetPassword(
  deps: Deps,
  input: ResetInput,
  clientIp: string,
): Promise<ResetResult> {
  if (input.confirmNewPassword !== undefined && input.confirmNewPassword !== input.newPassword)
    return fail('PASSWORDS_DO_NOT_MATCH')
  const ruleIssue = passwordIssue(deps, input.newPassword, 'new_password')
  if (ruleIssue) return fail('VALIDATION_FAILED', { fields: ruleIssue })

  const tokenHash = looksLikeToken(input.token) ? await sha256(input.token) : null
  const owner = tokenHash ? await deps.db.findUserByResetToken(tokenHash, deps.clock.now()) : null
  if (!tokenHash || !owner) {
    deps.log.info('auth.password_reset', { outcome: 'invalid_token', ip: clientIp })
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
