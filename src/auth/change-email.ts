// Change email: a link to the new address, a notice to the old; the link's POST switches them.
import type { Authenticated, Deps } from '../deps'
import { fail, type Result } from '../errors'
import { deliverMail } from '../mail/outbox'
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

/** What proves the change: the mailed link's token (a mailed code joins it later). */
export type EmailChangeProof = { token: string }

export async function confirmEmailChange(
  deps: Deps,
  proof: EmailChangeProof,
  clientIp: string,
): Promise<Result<{ email: string }, 'EMAIL_CHANGE_TOKEN_INVALID'>> {
  const tokenHash = looksLikeToken(proof.token) ? await sha256(proof.token) : null
  // One DELETE consumes the token inside the query: of concurrent uses exactly one gets it.
  const changed = tokenHash ? await deps.db.confirmEmailChange(tokenHash, deps.clock.now()) : null
  if (!changed) {
    deps.log.info('auth.email_change', { outcome: 'invalid_token', ip: clientIp })
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
