// Log-in: one argon2 verify whatever the email, then a fresh session.
import type { Deps } from '../deps'
import { fail, type Result } from '../errors'
import { normalizePassword } from './password-policy'
import { emailKey, rateLimit } from './rate-limits'
import { createSession, invalidateSession, type NewSession } from './session'
import { sha256 } from './tokens'

/**
 * A hash of a random password with the production parameters: verifying against it
 * costs what a real verify costs, so an unknown email answers as slowly as a wrong password.
 */
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$sJBa6wa12aiYDafhzjdkRA$fxBhd9V3jmUrUJMgEANQkE98/ywFpJgkjTX4EiC3DKU'

type LoginResult = Result<
  { session: NewSession; user: { id: number; email: string; isVerified: boolean } },
  'INVALID_CREDENTIALS' | 'ACCOUNT_DEACTIVATED' | 'EMAIL_NOT_VERIFIED' | 'RATE_LIMITED'
>

/** `presentedSession` is the session cookie the client sent, if any: a log-in ends it. */
export async function login(
  deps: Deps,
  input: { email: string; password: string },
  clientIp: string,
  presentedSession?: string,
): Promise<LoginResult> {
  const emailHash = await emailKey(input.email)
  // The throttle and the account are looked up together: one wait instead of two.
  const [throttle, user] = await Promise.all([
    rateLimit(deps, 'peek', 'loginFailuresPerEmail', emailHash),
    deps.db.findUserByEmail(input.email),
  ])
  if (!throttle.allowed) {
    deps.log.info('auth.login', { outcome: 'throttled', emailHash, ip: clientIp })
    return fail('RATE_LIMITED', { retryAfter: throttle.resetSeconds })
  }

  const passwordOk = await deps.hasher.verify(
    user?.passwordHash ?? DUMMY_HASH,
    normalizePassword(input.password),
  )
  if (!user || !passwordOk) {
    // Unknown and known emails count alike, so the throttle itself reveals nothing.
    await rateLimit(deps, 'hit', 'loginFailuresPerEmail', emailHash)
    deps.log.info('auth.login', { outcome: 'failure', emailHash, userId: user?.id, ip: clientIp })
    return fail('INVALID_CREDENTIALS')
  }
  if (!user.isActive) return fail('ACCOUNT_DEACTIVATED')
  if (!user.isVerified) {
    deps.log.info('auth.login', { outcome: 'unverified', userId: user.id, ip: clientIp })
    return fail('EMAIL_NOT_VERIFIED')
  }

  // A new id at every log-in, and the one the browser came with ends (ASVS 5.0 V7.2.4): a
  // session id planted by someone else (their own live session) is neither adopted nor kept.
  if (presentedSession) await invalidateSession(deps, await sha256(presentedSession))
  const session = await createSession(deps, user)
  deps.log.info('auth.login', { outcome: 'success', userId: user.id, ip: clientIp })
  return {
    ok: true,
    session,
    user: { id: user.id, email: user.email, isVerified: user.isVerified },
  }
}
