// Mails of the account's self-service: email change (link, notices) and deletion.
import type { TextKey, Translator } from '../../src/i18n/translate'
import {
  html,
  type LinkMail,
  linkMail,
  MailLayout,
  type MailParts,
  PlainLink,
  Small,
} from './messages'

export const confirmEmailChangeMail = (p: LinkMail & { oldEmail: string }) =>
  linkMail(
    p,
    {
      subject: 'mail.emailConfirm.subject',
      intro: 'mail.emailConfirm.intro',
      button: 'mail.emailConfirm.button',
      expires: 'mail.emailConfirm.expires',
      ignore: 'mail.emailConfirm.ignore',
    },
    { oldEmail: p.oldEmail },
  )

type NoticeKeys = { subject: TextKey; intro: TextKey; notYou: TextKey }

/** A mail without a button: a title, what happened, what to do if it was not you. */
async function noticeMail(
  t: Translator,
  keys: NoticeKeys,
  vars: { app: string; newEmail?: string; resetUrl?: string },
): Promise<MailParts> {
  const subject = t.t(keys.subject)
  const intro = t.t(keys.intro, { app: vars.app, newEmail: vars.newEmail ?? '' })
  const link = vars.resetUrl ?? ''
  return {
    subject,
    html: await html(
      <MailLayout lang={t.lang} appName={vars.app} title={subject}>
        <p>{intro}</p>
        <Small>{t.rich(keys.notYou, { link: <PlainLink href={link} /> })}</Small>
      </MailLayout>,
    ),
    text: [subject, '', intro, '', t.t(keys.notYou, { link })].join('\n'),
  }
}

export const emailChangeNoticeMail = (p: {
  t: Translator
  appName: string
  newEmail: string
  resetUrl: string
}) =>
  noticeMail(
    p.t,
    {
      subject: 'mail.emailNotice.subject',
      intro: 'mail.emailNotice.intro',
      notYou: 'mail.emailNotice.notYou',
    },
    { app: p.appName, newEmail: p.newEmail, resetUrl: p.resetUrl },
  )

export const emailChangedMail = (p: { t: Translator; appName: string; newEmail: string }) =>
  noticeMail(
    p.t,
    {
      subject: 'mail.emailChanged.subject',
      intro: 'mail.emailChanged.intro',
      notYou: 'mail.emailChanged.notYou',
    },
    { app: p.appName, newEmail: p.newEmail },
  )

export const accountDeletedMail = (p: { t: Translator; appName: string }) =>
  noticeMail(
    p.t,
    { subject: 'mail.deleted.subject', intro: 'mail.deleted.intro', notYou: 'mail.deleted.notYou' },
    { app: p.appName },
  )
