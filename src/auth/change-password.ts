// Change password: the current one first, the sign-up policy, then every other session ends.
import type { Authenticated, Deps } from '../deps'
import { fail, type Result } from '../errors'
import { deliverMail } from '../mail/outbox'
import { normalizePassword } from './password-policy'
import { checkCurrentPassword, type ReauthFailure } from './reauthenticate'
import { passwordIssue } from './register'
import { revokeUserSessions } from './session'

export interface ChangePasswordInput {
  currentPassword: string
  newPassword: string
  confirmNewPassword?: string
}

type ChangePasswordResult = Result<
  { sessionsRevoked: number },
  ReauthFailure | 'PASSWORDS_DO_NOT_MATCH' | 'VALIDATION_FAILED'
>

export async function changePassword(
  deps: Deps,
  auth: Authenticated,
  input: ChangePasswordInput,
  clientIp: string,
): Promise<ChangePasswordResult> {
  const { userId } = auth.session
  if (input.confirmNewPassword !== undefined && input.confirmNewPassword !== input.newPassword)
    return fail('PASSWORDS_DO_NOT_MATCH')
  const ruleIssue = passwordIssue(deps, input.newPassword, 'new_password', auth.session.email)
  if (ruleIssue) return fail('VALIDATION_FAILED', { fields: ruleIssue })
  const checked = await checkCurrentPassword(deps, userId, input.currentPassword)
  if (!checked.ok) return checked

  const passwordHash = await deps.hasher.hash(normalizePassword(input.newPassword))
  const changed = await deps.db.changePassword({
    userId,
    expectedHash: checked.user.passwordHash,
    passwordHash,
    now: deps.clock.now(),
  })
  // Another change landed between the check and this one: the password we checked is gone.
  if (!changed) return fail('CURRENT_PASSWORD_INCORRECT')
  // After the commit, so a log-in with the old password still in flight cannot leave a
  // session behind (the argument is in login.ts); this session survives, its token too.
  const sessionsRevoked = await revokeUserSessions(deps, userId, { keep: auth.sessionKey })
  deps.defer(deliverMail(deps, changed.mailId))
  deps.log.info('auth.password_change', { outcome: 'success', userId, ip: clientIp })
  return { ok: true, sessionsRevoked }
}
