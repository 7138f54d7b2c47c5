// Composes each kind of mail in the language its outbox row recorded; link tokens and their
// one-time codes are minted here, at send time, and only their hashes are stored.
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
import { codeHash, formatCode, mintCode } from '../auth/codes'
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
  const resetUrl = `${appUrl}/request-password-reset`
  if (mail.kind === 'password_changed') {
    return { ...envelope, ...(await passwordChangedMail({ t, appName, resetUrl })) }
  }
  const other = mail.otherEmail ?? ''
  if (mail.kind === 'email_change_notice')
    return {
      ...envelope,
      ...(await emailChangeNoticeMail({ t, appName, newEmail: other, resetUrl })),
    }
  if (mail.kind === 'email_changed')
    return { ...envelope, ...(await emailChangedMail({ t, appName, newEmail: other })) }
  // Sent after the user is gone: it needs nothing of the account.
  if (mail.kind === 'account_deleted')
    return { ...envelope, ...(await accountDeletedMail({ t, appName })) }
  if (mail.userId === null) return null
  if (mail.kind === 'email_change_confirm') {
    const token = randomToken()
    const now = deps.clock.now()
    const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_LIFETIME_SECONDS * 1000)
    const tokenHash = await sha256(token)
    const code = mintCode()
    // A change replaced since this mail was queued: its link would never work, so none goes out.
    const saved = await deps.db.saveEmailChangeToken({
      userId: mail.userId,
      mailId: mail.id,
      tokenHash,
      codeHash: await codeHash(deps, code),
      expiresAt,
    })
    if (!saved) return null
    const link = `${appUrl}/confirm-email-change?token=${token}`
    return {
      ...envelope,
      ...(await confirmEmailChangeMail({
        t,
        appName,
        link,
        code: formatCode(code),
        lifetimeHours: EMAIL_CHANGE_LIFETIME_SECONDS / 3600,
        oldEmail: other,
      })),
    }
  }
  const token = randomToken()
  const code = mintCode()
  const now = deps.clock.now()
  await deps.db.saveLinkToken({
    kind: mail.kind,
    userId: mail.userId,
    tokenHash: await sha256(token),
    codeHash: await codeHash(deps, code),
    mailId: mail.id,
    expiresAt: linkExpiry(mail.kind, now),
    now,
  })
  return composeLinkMail(deps, { ...mail, kind: mail.kind }, token, code)
}

export type LinkMailKind = keyof typeof LINK_LIFETIME

/** When a link minted now for a mail of this kind stops working. */
export const linkExpiry = (kind: LinkMailKind, now: Date) =>
  new Date(now.getTime() + LINK_LIFETIME[kind].hours * 3600 * 1000)

/**
 * The mail of a link and its code whose hashes are stored already (composeMail, or the
 * sign-up's).
 */
export async function composeLinkMail(
  deps: Deps,
  mail: OutboxMail & { kind: LinkMailKind },
  token: string,
  code: string,
): Promise<MailMessage> {
  const { appName, appUrl } = deps.config
  const lifetime = LINK_LIFETIME[mail.kind]
  // Links are built from APP_URL only, never from the request's Host header.
  const link = `${appUrl}${lifetime.path}?token=${token}`
  return {
    to: mail.address,
    language: mail.language,
    ...(await lifetime.render({
      t: translator(mail.language),
      appName,
      link,
      code: formatCode(code),
      lifetimeHours: lifetime.hours,
    })),
  }
}
