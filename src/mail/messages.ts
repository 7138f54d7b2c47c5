// Composes each kind of mail in the language its outbox row recorded; link tokens are minted
// here, at send time, and only their hash is stored.
import {
  passwordChangedMail,
  resetPasswordMail,
  verifyEmailMail,
} from '../../views/emails/messages'
import { randomToken, sha256 } from '../auth/tokens'
import type { Deps } from '../deps'
import { translator } from '../i18n/translate'
import type { MailMessage, OutboxMail } from '../ports'

const LINK_LIFETIME = {
  verify_email: { hours: 24, path: '/verify-email', render: verifyEmailMail },
  password_reset: { hours: 1, path: '/reset-password', render: resetPasswordMail },
} as const

/** null when the mail can no longer go out: its link would be for a user who was deleted. */
export async function composeMail(deps: Deps, mail: OutboxMail): Promise<MailMessage | null> {
  const { appName, appUrl } = deps.config
  const t = translator(mail.language)
  const envelope = { to: mail.address, language: mail.language }
  if (mail.kind === 'password_changed') {
    const resetUrl = `${appUrl}/request-password-reset`
    return { ...envelope, ...(await passwordChangedMail({ t, appName, resetUrl })) }
  }
  if (mail.userId === null) return null
  const lifetime = LINK_LIFETIME[mail.kind]
  const token = randomToken()
  const now = deps.clock.now()
  await deps.db.saveLinkToken({
    kind: mail.kind,
    userId: mail.userId,
    tokenHash: await sha256(token),
    mailId: mail.id,
    expiresAt: new Date(now.getTime() + lifetime.hours * 3600 * 1000),
    now,
  })
  // Links are built from APP_URL only, never from the request's Host header.
  const link = `${appUrl}${lifetime.path}?token=${token}`
  return {
    ...envelope,
    ...(await lifetime.render({ t, appName, link, lifetimeHours: lifetime.hours })),
  }
}
