// Composes each kind of mail; link tokens are minted here, at send time, and only their hash is stored.

import {
  passwordChangedMail,
  resetPasswordMail,
  verifyEmailMail,
} from '../../views/emails/messages'
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
  if (mail.userId === null) return null
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
