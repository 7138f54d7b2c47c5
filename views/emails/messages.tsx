// Mail templates: each returns a subject, an HTML part and a plain-text part.
import type { Child } from 'hono/jsx'
import type { TextKey, Translator } from '../../src/i18n/translate'

export interface MailParts {
  subject: string
  html: string
  text: string
}

// Inline styles: mail clients drop style sheets.
const BODY_STYLE =
  'margin:0;padding:24px;background:#f4f5f7;color:#1f2328;' +
  'font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif'
const BUTTON_STYLE =
  'display:inline-block;padding:12px 20px;background:#0b57d0;color:#ffffff;' +
  'text-decoration:none;border-radius:6px;font-weight:600'

export const MailLayout = (props: {
  lang: string
  appName: string
  title: string
  children: Child
}) => (
  <html lang={props.lang}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light only" />
      <title>{props.title}</title>
    </head>
    <body style={BODY_STYLE}>
      <table
        role="presentation"
        width="100%"
        cellpadding="0"
        cellspacing="0"
        style="max-width:520px;margin:0 auto;background:#ffffff;border-radius:8px"
      >
        <tr>
          <td style="padding:32px">
            <p style="margin:0 0 16px;font-weight:600;font-size:14px;color:#57606a">
              {props.appName}
            </p>
            <h1 style="margin:0 0 16px;font-size:22px">{props.title}</h1>
            {props.children}
          </td>
        </tr>
      </table>
    </body>
  </html>
)

export const Button = (props: { href: string; label: string }) => (
  <p style="margin:24px 0">
    <a href={props.href} style={BUTTON_STYLE}>
      {props.label}
    </a>
  </p>
)

export const Small = (props: { children: Child }) => (
  <p style="margin:16px 0 0;font-size:13px;color:#57606a">{props.children}</p>
)

/** The address written out, for mail clients that hide or break the button. */
export const PlainLink = (props: { href: string }) => (
  <a href={props.href} style="color:#0b57d0;word-break:break-all">
    {props.href}
  </a>
)

export async function html(node: Child): Promise<string> {
  return `<!doctype html>${await String(node)}`
}

/**
 * The one-time code, large and spaced, for a reader on another device; its lifetime beside it.
 * Monospaced so that 0 and O, 1 and I never look alike (the alphabet has neither O nor I anyway).
 */
export const CodeBlock = (props: { t: Translator; code: string; lifetimeHours: number }) => (
  <>
    <p style="margin:24px 0 8px">{props.t.t('mail.code.label')}</p>
    <p style={CODE_STYLE}>{props.code}</p>
    <Small>{codeExpires(props.t, props.lifetimeHours)}</Small>
  </>
)

const CODE_STYLE =
  'margin:0;font-size:32px;font-weight:700;letter-spacing:4px;color:#1f2328;' +
  'font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace'

const codeExpires = (t: Translator, hours: number) =>
  t.t('mail.code.expires', { time: t.plural('unit.hours', hours) })

/** The plain-text part's lines for the code. */
export const codeLines = (t: Translator, code: string, hours: number) => [
  t.t('mail.code.label'),
  code,
  codeExpires(t, hours),
]

/** `code` is shown as it is typed (XXXX-XXXX). */
export type LinkMail = {
  t: Translator
  appName: string
  link: string
  code: string
  lifetimeHours: number
}

type LinkKeys = {
  subject: TextKey
  intro: TextKey
  button: TextKey
  expires: TextKey
  ignore: TextKey
}

/**
 * A mail whose button opens a link that expires, with its code beside it: verification, reset,
 * email change. `introVars` adds to the intro's `app` (the email change names the old address).
 */
export async function linkMail(
  p: LinkMail,
  keys: LinkKeys,
  introVars: Record<string, string> = {},
): Promise<MailParts> {
  const { t } = p
  const subject = t.t(keys.subject)
  const intro = t.t(keys.intro, { app: p.appName, ...introVars })
  const expires = t.t(keys.expires, { time: t.plural('unit.hours', p.lifetimeHours) })
  return {
    subject,
    html: await html(
      <MailLayout lang={t.lang} appName={p.appName} title={subject}>
        <p>{intro}</p>
        <Button href={p.link} label={t.t(keys.button)} />
        <Small>
          {expires} {t.t('mail.copyLink')} <PlainLink href={p.link} />
        </Small>
        <CodeBlock t={t} code={p.code} lifetimeHours={p.lifetimeHours} />
        <Small>{t.t(keys.ignore)}</Small>
      </MailLayout>,
    ),
    text: [
      subject,
      '',
      intro,
      p.link,
      '',
      expires,
      '',
      ...codeLines(t, p.code, p.lifetimeHours),
      '',
      t.t(keys.ignore),
    ].join('\n'),
  }
}

export const verifyEmailMail = (p: LinkMail) =>
  linkMail(p, {
    subject: 'mail.verify.subject',
    intro: 'mail.verify.intro',
    button: 'mail.verify.button',
    expires: 'mail.verify.expires',
    ignore: 'mail.verify.ignore',
  })

export const resetPasswordMail = (p: LinkMail) =>
  linkMail(p, {
    subject: 'mail.reset.subject',
    intro: 'mail.reset.intro',
    button: 'mail.reset.button',
    expires: 'mail.reset.expires',
    ignore: 'mail.reset.ignore',
  })

export async function passwordChangedMail(p: {
  t: Translator
  appName: string
  resetUrl: string
}): Promise<MailParts> {
  const { t } = p
  const subject = t.t('mail.changed.subject')
  const intro = t.t('mail.changed.intro', { app: p.appName })
  return {
    subject,
    html: await html(
      <MailLayout lang={t.lang} appName={p.appName} title={subject}>
        <p>{intro}</p>
        <Small>{t.rich('mail.changed.notYou', { link: <PlainLink href={p.resetUrl} /> })}</Small>
      </MailLayout>,
    ),
    text: [subject, '', intro, '', t.t('mail.changed.notYou', { link: p.resetUrl })].join('\n'),
  }
}
