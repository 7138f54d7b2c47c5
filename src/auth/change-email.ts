// Change email: a link to the new address, a notice to the old; the link's POST switches them.
import type { Authenticated, Deps } from '../deps'
import { type Failure, fail, type Result } from '../errors'
import { deliverMail } from '../mail/outbox'
import { tryCode } from './code-attempts'
import { checkCurrentPassword, type ReauthFailure } from './reauthenticate'
import { revokeUserSessions } from './session'
import { looksLikeToken, sha256 } from './tokens'

/** The link lives as long as a verification link. */
export const EMAIL_CHANGE_LIFETIME_SECONDS = 24 * 3600

/**
 * The same answer whether or not the new address already has an account: then no mail goes to
 * it, and the pending change (shown on the account page like any other) can never be confirmed.
 */
export async function requestEmailChange(
  deps: Deps,
  auth: Authenticated,
  input: { currentPassword: string; newEmail: string },
  clientIp: string,
): Promise<Result<object, ReauthFailure>> {
  const checked = await checkCurrentPassword(deps, auth.session.userId, input.currentPassword)
  if (!checked.ok) return checked
  const now = deps.clock.now()
  const mailIds = await deps.db.requestEmailChange({
    user: checked.user,
    newEmail: input.newEmail,
    sessionKey: auth.sessionKey,
    expiresAt: new Date(now.getTime() + EMAIL_CHANGE_LIFETIME_SECONDS * 1000),
    now,
  })
  for (const id of mailIds) deps.defer(deliverMail(deps, id))
  deps.log.info('auth.email_change_request', {
    outcome: 'queued',
    userId: checked.user.id,
    ip: clientIp,
  })
  return { ok: true }
}

/**
 * What proves the change: the mailed link's token, or the code mailed beside it, typed in by
 * the signed-in user the change is for (the code is looked up among that user's only).
 */
export type EmailChangeProof = { token: string } | { code: string; auth: Authenticated }

export async function confirmEmailChange(
  deps: Deps,
  proof: EmailChangeProof,
  clientIp: string,
): Promise<Result<{ email: string }, 'EMAIL_CHANGE_TOKEN_INVALID' | 'RATE_LIMITED'>> {
  const found = await changeTokenHash(deps, proof)
  if (!found.ok) {
    deps.log.info('auth.email_change', { outcome: 'code_throttled', ip: clientIp })
    return found
  }
  const { tokenHash } = found
  // One DELETE consumes the token inside the query: of concurrent uses exactly one gets it.
  const changed = tokenHash ? await deps.db.confirmEmailChange(tokenHash, deps.clock.now()) : null
  if (!changed) {
    const outcome = 'code' in proof ? 'invalid_code' : 'invalid_token'
    deps.log.info('auth.email_change', { outcome, ip: clientIp })
    return fail('EMAIL_CHANGE_TOKEN_INVALID')
  }
  const { user } = changed
  // After the commit (see login.ts): a log-in with the old address in flight leaves nothing.
  // The session that asked survives, renamed; every other one ends.
  await revokeUserSessions(deps, user.id, {
    keep: changed.sessionKey ?? undefined,
    patch: { email: user.email, isVerified: true },
  })
  deps.defer(deliverMail(deps, changed.mailId))
  deps.log.info('auth.email_change', { outcome: 'success', userId: user.id, ip: clientIp })
  return { ok: true, email: user.email }
}

async function changeTokenHash(
  deps: Deps,
  proof: EmailChangeProof,
): Promise<{ ok: true; tokenHash: string | null } | Failure<'RATE_LIMITED'>> {
  if ('token' in proof)
    return { ok: true, tokenHash: looksLikeToken(proof.token) ? await sha256(proof.token) : null }
  // The account's budget is keyed by its current address, shared with its verify and reset codes.
  const { userId, email } = proof.auth.session
  return tryCode(deps, 'email_change', { email, userId }, proof.code)
}
