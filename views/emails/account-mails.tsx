// Mails of the account's self-service: email change (link, notices) and deletion.
import { Button, html, MailLayout, type MailParts, PlainLink, Small } from './messages'

/** Every sentence these mails say, in one place (the language catalogues take them from here). */
export const ACCOUNT_MAIL_TEXT = {
  confirmSubject: 'Confirm your new email address',
  confirmBody: (appName: string, oldEmail: string) =>
    `Someone asked to use this address for the ${appName} account of ${oldEmail}. Confirm it here:`,
  confirmButton: 'Confirm my new email',
  expires: (words: string) => `This link will expire in ${words} and works once.`,
  copy: 'If the button does not work, copy this address into your browser:',
  confirmIgnore: 'If you did not ask for this, you can ignore this email: nothing changes.',
  noticeSubject: 'Your email address is being changed',
  noticeBody: (appName: string, newEmail: string) =>
    `Someone signed in to your ${appName} account asked to change its email address to ${newEmail}. The change happens only once that address confirms it.`,
  noticeNotYou: (resetUrl: string) =>
    `If this was you, you can ignore this email. If it was not, reset your password now at ${resetUrl}: that signs everyone out and stops the change.`,
  changedSubject: 'Your email address was changed',
  changedBody: (appName: string, newEmail: string) =>
    `The email address of your ${appName} account is now ${newEmail}. This address no longer logs in.`,
  changedNotYou: 'If this was not you, contact the service at once: someone controls your account.',
  deletedSubject: 'Your account was deleted',
  deletedBody: (appName: string) =>
    `Your ${appName} account and everything stored with it were deleted. You can sign up again with this address at any time.`,
  deletedNotYou:
    'If you did not delete it, someone knew your password: change it wherever you reused it.',
}

const T = ACCOUNT_MAIL_TEXT

export async function confirmEmailChangeMail(p: {
  appName: string
  link: string
  expiresIn: string
  oldEmail: string
}): Promise<MailParts> {
  const subject = T.confirmSubject
  return {
    subject,
    html: await html(
      <MailLayout lang="en" appName={p.appName} title={subject}>
        <p>{T.confirmBody(p.appName, p.oldEmail)}</p>
        <Button href={p.link} label={T.confirmButton} />
        <Small>
          {T.expires(p.expiresIn)} {T.copy} <PlainLink href={p.link} />
        </Small>
        <Small>{T.confirmIgnore}</Small>
      </MailLayout>,
    ),
    text: [
      subject,
      '',
      T.confirmBody(p.appName, p.oldEmail),
      p.link,
      '',
      T.expires(p.expiresIn),
      T.confirmIgnore,
    ].join('\n'),
  }
}

/** A mail without a link: a title, what happened, what to do if it was not you. */
async function noticeMail(appName: string, subject: string, body: string, notYou: string) {
  return {
    subject,
    html: await html(
      <MailLayout lang="en" appName={appName} title={subject}>
        <p>{body}</p>
        <Small>{notYou}</Small>
      </MailLayout>,
    ),
    text: [subject, '', body, '', notYou].join('\n'),
  }
}

export const emailChangeNoticeMail = (p: { appName: string; newEmail: string; resetUrl: string }) =>
  noticeMail(
    p.appName,
    T.noticeSubject,
    T.noticeBody(p.appName, p.newEmail),
    T.noticeNotYou(p.resetUrl),
  )

export const emailChangedMail = (p: { appName: string; newEmail: string }) =>
  noticeMail(p.appName, T.changedSubject, T.changedBody(p.appName, p.newEmail), T.changedNotYou)

export const accountDeletedMail = (p: { appName: string }) =>
  noticeMail(p.appName, T.deletedSubject, T.deletedBody(p.appName), T.deletedNotYou)
