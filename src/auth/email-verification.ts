// Email verification: consume a link token; resend a link without revealing whether the account exists.
import type { Deps } from '../deps'
import { fail, type Result } from '../errors'
import { deliverMail } from '../mail/outbox'
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

/** Answers the same for every email; the mail, if any, is composed after the answer. */
export async function resendVerification(
  deps: Deps,
  email: string,
  clientIp: string,
): Promise<void> {
  const emailHash = await emailKey(deps, email)
  // Over the per-email limit the answer stays identical and no mail is sent.
  const quota = await rateLimit(deps, 'hit', 'resendVerificationPerEmail', emailHash)
  const user = await deps.db.findUserByEmail(email)
  const send = quota.allowed && user?.isActive && !user.isVerified
  deps.log.info('auth.resend_verification', {
    outcome: send ? 'queued' : quota.allowed ? 'ignored' : 'throttled',
    emailHash,
    ip: clientIp,
  })
  if (!send) return
  // Why deferred, the outbox write included: awaiting it made known addresses answer slower.
  deps.defer(
    deps.db
      .enqueueMail({ kind: 'verify_email', user, now: deps.clock.now() })
      .then((mailId) => deliverMail(deps, mailId)),
  )
}
