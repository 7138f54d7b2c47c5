// Email verification: consume a link token; resend a link without revealing whether the account
// exists.
import type { Deps } from '../deps'
import { fail, type Result } from '../errors'
import { deliverMail } from '../mail/outbox'
import { deferAfterAnswer } from './after-answer'
import { tryCode } from './code-attempts'
import { emailKey, rateLimit } from './rate-limits'
import { looksLikeToken, sha256 } from './tokens'

type VerifyResult = Result<{ alreadyVerified: boolean }, 'VERIFY_TOKEN_INVALID' | 'RATE_LIMITED'>

/** The mailed link's token, or the code mailed beside it with the address it was sent to. */
export type VerifyProof = { token: string } | { email: string; code: string }

export async function verifyEmail(
  deps: Deps,
  proof: VerifyProof,
  clientIp: string,
): Promise<VerifyResult> {
  if ('code' in proof) return verifyByCode(deps, proof, clientIp)
  const { token } = proof
  const outcome = looksLikeToken(token)
    ? await deps.db.consumeVerificationToken(await sha256(token), deps.clock.now())
    : 'invalid'
  deps.log.info('auth.verify_email', { outcome, ip: clientIp })
  if (outcome === 'invalid') return fail('VERIFY_TOKEN_INVALID')
  return { ok: true, alreadyVerified: outcome === 'already_verified' }
}

async function verifyByCode(
  deps: Deps,
  proof: { email: string; code: string },
  clientIp: string,
): Promise<VerifyResult> {
  const tried = await tryCode(deps, 'verify_email', proof, proof.code)
  if (!tried.ok) {
    deps.log.info('auth.verify_email', { outcome: 'code_throttled', ip: clientIp })
    return tried
  }
  const { tokenHash, emailHash } = tried
  // Unlike its link, a code used once answers as a wrong one: a race's losers, a second use.
  const outcome = tokenHash
    ? await deps.db.consumeVerificationToken(tokenHash, deps.clock.now())
    : 'invalid'
  const verified = outcome === 'verified'
  deps.log.info('auth.verify_email', {
    outcome: verified ? 'verified_by_code' : 'invalid_code',
    emailHash,
    ip: clientIp,
  })
  return verified ? { ok: true, alreadyVerified: false } : fail('VERIFY_TOKEN_INVALID')
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
