// Email verification: consume a link token; resend a link without revealing whether the account
// exists.
import type { Deps } from '../deps'
import { fail, type Result } from '../errors'
import { deliverMail } from '../mail/outbox'
import { deferAfterAnswer } from './after-answer'
import { emailKey, rateLimit } from './rate-limits'
import { looksLikeToken, sha256 } from './tokens'

type VerifyResult = Result<{ alreadyVerified: boolean }, 'VERIFY_TOKEN_INVALID'>

export async function verifyEmail(
  deps: Deps,
  token: string,
  clientIp: string,
): Promise<VerifyResult> {
  const outcome = looksLikeToken(token)
    ? await deps.db.consumeVerificationToken(await sha256(token), deps.clock.now())
    : 'invalid'
  deps.log.info('auth.verify_email', { outcome, ip: clientIp })
  if (outcome === 'invalid') return fail('VERIFY_TOKEN_INVALID')
  return { ok: true, alreadyVerified: outcome === 'already_verified' }
}

/**
 * Answers the same, in content and in time, for every email: the answer goes out before the
 * account is even looked up (see requestPasswordReset for why).
 */
export function resendVerification(deps: Deps, email: string, clientIp: string): void {
  deferAfterAnswer(deps, () => resendLink(deps, email, clientIp))
}

async function resendLink(deps: Deps, email: string, clientIp: string): Promise<void> {
  const emailHash = await emailKey(deps, email)
  // Over the per-email limit no mail is sent; the answer was the same anyway.
  const quota = await rateLimit(deps, 'hit', 'resendVerificationPerEmail', emailHash)
  const user = quota.allowed ? await deps.db.findUserByEmail(email) : null
  const send = user?.isActive === true && !user.isVerified
  deps.log.info('auth.resend_verification', {
    outcome: send ? 'queued' : quota.allowed ? 'ignored' : 'throttled',
    emailHash,
    ip: clientIp,
  })
  if (!user || !send) return
  const mailId = await deps.db.enqueueMail({ kind: 'verify_email', user, now: deps.clock.now() })
  await deliverMail(deps, mailId)
}
