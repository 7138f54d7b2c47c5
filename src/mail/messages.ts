// Composes each kind of mail; link tokens are minted here, at send time, and only their hash is stored.

import {
  accountDeletedMail,
  confirmEmailChangeMail,
  emailChangedMail,
  emailChangeNoticeMail,
} from '../../views/emails/account-mails'
import {
  passwordChangedMail,
  resetPasswordMail,
  verifyEmailMail,
} from '../../views/emails/messages'
import { EMAIL_CHANGE_LIFETIME_SECONDS } from '../auth/change-email'
import { randomToken, sha256 } from '../auth/tokens'
import type { Deps } from '../deps'
import type { MailMessage, OutboxMail } from '../ports'

const LINK_LIFETIME = {
  verify_email: { seconds: 24 * 3600, words: '24 hours', path: '/verify-email' },
  password_reset: { seconds: 3600, words: '1 hour', path: '/reset-password' },
} as const

/** null when the mail can no longer go out: its link would be for a user who was deleted. */
export async function composeMail(deps: Deps, mail: OutboxMail): Promise<MailMessage | null> {
  const { appName, appUrl } = deps.config
  if (mail.kind === 'password_changed') {
    return {
      to: mail.address,
      ...(await passwordChangedMail({
        appName,
        appUrl,
        resetUrl: `${appUrl}/request-password-reset`,
      })),
    }
  }
  const resetUrl = `${appUrl}/request-password-reset`
  const other = mail.otherEmail ?? ''
  if (mail.kind === 'email_change_notice')
    return {
      to: mail.address,
      ...(await emailChangeNoticeMail({ appName, newEmail: other, resetUrl })),
    }
  if (mail.kind === 'email_changed')
    return { to: mail.address, ...(await emailChangedMail({ appName, newEmail: other })) }
  // Sent after the user is gone: it needs nothing of the account.
  if (mail.kind === 'account_deleted')
    return { to: mail.address, ...(await accountDeletedMail({ appName })) }
  if (mail.userId === null) return null
  if (mail.kind === 'email_change_confirm') {
    const token = randomToken()
    const now = deps.clock.now()
    const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_LIFETIME_SECONDS * 1000)
    const tokenHash = await sha256(token)
    // A change replaced since this mail was queued: its link would never work, so none goes out.
    const saved = await deps.db.saveEmailChangeToken({
      userId: mail.userId,
      mailId: mail.id,
      tokenHash,
      expiresAt,
    })
    if (!saved) return null
    const link = `${appUrl}/confirm-email-change?token=${token}`
    return {
      to: mail.address,
      ...(await confirmEmailChangeMail({ appName, link, expiresIn: '24 hours', oldEmail: other })),
    }
  }
  const lifetime = LINK_LIFETIME[mail.kind]
  const token = randomToken()
  const now = deps.clock.now()
  await deps.db.saveLinkToken({
    kind: mail.kind,
    userId: mail.userId,
    tokenHash: await sha256(token),
    mailId: mail.id,
    expiresAt: new Date(now.getTime() + lifetime.seconds * 1000),
    now,
  })
  // Links are built from APP_URL only, never from the request's Host header.
  const link = `${appUrl}${lifetime.path}?token=${token}`
  const render = mail.kind === 'verify_email' ? verifyEmailMail : resetPasswordMail
  return {
    to: mail.address,
    ...(await render({ appName, appUrl, link, expiresIn: lifetime.words })),
  }
}
