// Email verification: the link's GET acts only for JSON clients (others: a confirm page); resend.
import { type Context, Hono } from 'hono'
import { ResendVerificationPage } from '../../../views/pages/auth-forms'
import { EmailVerifiedPage, ResendCheckInboxPage } from '../../../views/pages/result-pages'
import { VerifyConfirmPage, VerifyLinkFailedPage } from '../../../views/pages/token-pages'
import { resendVerification, verifyEmail } from '../../auth/email-verification'
import type { AppEnv } from '../../deps'
import { setFlash, takeFlash } from '../flash'
import { EmailInput, TokenInput } from '../inputs'
import { limitByIp } from '../middleware/rate-limit'
import { linkRepresentation } from '../negotiate'
import { readInput } from '../read-input'
import { fieldErrors, formText, respondError } from '../respond'
import { checkInboxLinks } from './dev-mailbox'

const RESEND_MESSAGE =
  'If the account exists and is not verified, a new verification email has been sent'
/** Where the successful forms go (Post/Redirect/Get): a reload there posts nothing. */
const VERIFIED = '/verify-email/done'
const RESENT = '/resend-verification/check-inbox'

export const verifyEmailRoutes = new Hono<AppEnv>()
  .get('/verify-email', linkRepresentation(), limitByIp('verifyEmail'), async (c) => {
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
  .get(VERIFIED, async (c) => {
    const flash = await takeFlash(c, ['email_verified', 'email_already_verified'])
    const outcome = flash && (flash.notice === 'email_verified' ? 'verified' : 'already')
    return c.html(<EmailVerifiedPage appName={c.var.deps.config.appName} outcome={outcome} />)
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
    resendVerification(deps, input.value.email, c.var.clientIp)
    if (!c.var.html) return c.json({ message: RESEND_MESSAGE })
    await setFlash(c, { notice: 'verification_resent', email: input.value.email })
    return c.redirect(RESENT, 303)
  })
  .get(RESENT, async (c) => {
    const { deps } = c.var
    const flash = await takeFlash(c, ['verification_resent'])
    return c.html(
      <ResendCheckInboxPage
        appName={deps.config.appName}
        email={flash?.email}
        links={checkInboxLinks(c, { href: '/login', label: 'Back to log in' })}
      />,
    )
  })

async function answer(c: Context<AppEnv>, result: Awaited<ReturnType<typeof verifyEmail>>) {
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
  await setFlash(c, {
    notice: result.alreadyVerified ? 'email_already_verified' : 'email_verified',
  })
  return c.redirect(VERIFIED, 303)
}
