// Email verification (GET for JSON clients, a confirm page for browsers; POST acts) and resending the link.
import { Hono } from 'hono'
import { ResendVerificationPage } from '../../../views/pages/auth-forms'
import { MessagePage } from '../../../views/pages/message-page'
import { VerifyConfirmPage, VerifyLinkFailedPage } from '../../../views/pages/token-pages'
import { resendVerification, verifyEmail } from '../../auth/email-verification'
import type { AppEnv } from '../../deps'
import { EmailInput, TokenInput } from '../inputs'
import { limitByIp } from '../middleware/rate-limit'
import { readInput } from '../read-input'
import { fieldErrors, formText, respondError } from '../respond'
import { checkInboxLinks } from './dev-mailbox'

const RESEND_MESSAGE =
  'If the account exists and is not verified, a new verification email has been sent'

export const verifyEmailRoutes = new Hono<AppEnv>()
  .get('/verify-email', limitByIp('verifyEmail'), async (c) => {
    const input = await readInput(c, TokenInput, 'query')
    if (!input.ok) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
    if (c.var.html) {
      // Mail scanners open links: the GET only shows a button, the human's POST verifies.
      c.header('Referrer-Policy', 'no-referrer')
      return c.html(
        <VerifyConfirmPage appName={c.var.deps.config.appName} token={input.value.token} />,
      )
    }
    return answer(c, await verifyEmail(c.var.deps, input.value.token, c.var.clientIp))
  })
  .post('/verify-email', limitByIp('verifyEmail'), async (c) => {
    const input = await readInput(c, TokenInput)
    if (!input.ok) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
    return answer(c, await verifyEmail(c.var.deps, input.value.token, c.var.clientIp))
  })
  .post('/resend-verification', limitByIp('resendVerification'), async (c) => {
    const { deps } = c.var
    const input = await readInput(c, EmailInput)
    if (!input.ok) {
      if (!c.var.html) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
      return c.html(
        <ResendVerificationPage
          appName={deps.config.appName}
          email={formText(input.raw, 'email')}
          errors={fieldErrors(input.fields)}
        />,
        422,
      )
    }
    await resendVerification(deps, input.value.email, c.var.clientIp)
    if (!c.var.html) return c.json({ message: RESEND_MESSAGE })
    const links = checkInboxLinks(c, { href: '/login', label: 'Back to log in' })
    return c.html(
      <MessagePage
        appName={deps.config.appName}
        title="Check your inbox"
        message={`${RESEND_MESSAGE}.`}
        detail={<p>The new link expires in 24 hours.</p>}
        links={links}
      />,
    )
  })

function answer(
  c: import('hono').Context<AppEnv>,
  result: Awaited<ReturnType<typeof verifyEmail>>,
) {
  if (!result.ok) {
    if (!c.var.html) return respondError(c, result.code)
    return c.html(
      <VerifyLinkFailedPage
        appName={c.var.deps.config.appName}
        message="Invalid or expired verification token."
      />,
      400,
    )
  }
  const message = result.alreadyVerified ? 'Email already verified' : 'Email verified successfully'
  if (!c.var.html) return c.json({ message })
  return c.html(
    <MessagePage
      appName={c.var.deps.config.appName}
      title="Email confirmed"
      kind="success"
      message={`${message}.`}
      links={[{ href: '/login', label: 'Log in' }]}
    />,
  )
}
