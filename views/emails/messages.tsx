// Mail templates: each returns a subject, an HTML part and a plain-text part.
import type { Child } from 'hono/jsx'

export interface MailParts {
  subject: string
  html: string
  text: string
}

export const MailLayout = (props: { appName: string; title: string; children: Child }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light only" />
      <title>{props.title}</title>
    </head>
    <body style="margin:0;padding:24px;background:#f4f5f7;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328">
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
    <a
      href={props.href}
      style="display:inline-block;padding:12px 20px;background:#0b57d0;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600"
    >
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

type LinkMail = { appName: string; appUrl: string; link: string; expiresIn: string }

export async function verifyEmailMail(p: LinkMail): Promise<MailParts> {
  const subject = 'Verify your email address'
  return {
    subject,
    html: await html(
      <MailLayout appName={p.appName} title={subject}>
        <p>Confirm that this address is yours to finish creating your {p.appName} account.</p>
        <Button href={p.link} label="Verify my email" />
        <Small>
          This link will expire in {p.expiresIn}. If the button does not work, copy this address
          into your browser: <PlainLink href={p.link} />
        </Small>
        <Small>If you did not create an account, you can ignore this email.</Small>
      </MailLayout>,
    ),
    text: [
      `${subject}`,
      '',
      `Confirm that this address is yours to finish creating your ${p.appName} account:`,
      p.link,
      '',
      `This link will expire in ${p.expiresIn}.`,
      'If you did not create an account, you can ignore this email.',
    ].join('\n'),
  }
}

export async function resetPasswordMail(p: LinkMail): Promise<MailParts> {
  const subject = 'Reset your password'
  return {
    subject,
    html: await html(
      <MailLayout appName={p.appName} title={subject}>
        <p>
          Someone asked to reset the password of your {p.appName} account. Choose a new one here:
        </p>
        <Button href={p.link} label="Choose a new password" />
        <Small>
          This link will expire in {p.expiresIn} and works once. If the button does not work, copy
          this address into your browser: <PlainLink href={p.link} />
        </Small>
        <Small>
          If you did not ask for this, you can ignore this email: your password stays as it is.
        </Small>
      </MailLayout>,
    ),
    text: [
      subject,
      '',
      `Someone asked to reset the password of your ${p.appName} account. Choose a new one here:`,
      p.link,
      '',
      `This link will expire in ${p.expiresIn} and works once.`,
      'If you did not ask for this, you can ignore this email: your password stays as it is.',
    ].join('\n'),
  }
}

export async function passwordChangedMail(p: {
  appName: string
  appUrl: string
  resetUrl: string
}): Promise<MailParts> {
  const subject = 'Your password was changed'
  return {
    subject,
    html: await html(
      <MailLayout appName={p.appName} title={subject}>
        <p>
          The password of your {p.appName} account was just changed, and every session was signed
          out.
        </p>
        <Small>
          If this was you, you can ignore this email. If it was not, reset your password now at{' '}
          <PlainLink href={p.resetUrl} /> and check your mailbox's security.
        </Small>
      </MailLayout>,
    ),
    text: [
      subject,
      '',
      `The password of your ${p.appName} account was just changed, and every session was signed out.`,
      '',
      `If this was you, you can ignore this email. If it was not, reset your password now: ${p.resetUrl}`,
    ].join('\n'),
  }
}
