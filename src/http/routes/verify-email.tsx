// Email verification: the link's GET acts only for JSON clients (others: a confirm page); resend.
import { type Context, Hono } from 'hono'
import { ResendVerificationPage } from '../../../views/pages/auth-forms'
import { VerifyCodePage } from '../../../views/pages/code-forms'
import { EmailVerifiedPage, ResendCheckInboxPage } from '../../../views/pages/result-pages'
import { VerifyConfirmPage, VerifyLinkFailedPage } from '../../../views/pages/token-pages'
import { resendVerification, verifyEmail } from '../../auth/email-verification'
import type { AppEnv } from '../../deps'
import type { Failure } from '../../errors'
import { API_MESSAGES } from '../api-messages'
import { pathTo } from '../app-path'
import { setFlash, takeFlash } from '../flash'
import { EmailInput, TokenInput, VerifyEmailBody } from '../inputs'
import { codesLimited, limitByIp } from '../middleware/rate-limit'
import { linkRepresentation, wantsHtml } from '../negotiate'
import { pageEnv } from '../page-env'
import { invalid, readInput } from '../read-input'
import { fieldErrors, formText, respondError } from '../respond'
import { devMailboxPath } from './dev-mailbox'

/** Where the successful forms go (Post/Redirect/Get): a reload there posts nothing. */
const VERIFIED = '/verify-email/done'
const RESENT = '/resend-verification/check-inbox'

export const verifyEmailRoutes = new Hono<AppEnv>()
  .get('/verify-email', linkRepresentation(), limitByIp('verifyEmail'), async (c) => {
    // Without a token, a browser (Accept naming text/html) gets the page that asks for the
    // mailed code: the reader on another device. Other clients keep the 422 of a missing token.
    if (c.req.query('token') === undefined && wantsHtml(c.req.raw))
      return c.html(<VerifyCodePage {...pageEnv(c)} email={c.req.query('email')} />)
    const input = await readInput(c, TokenInput, 'query')
    if (!input.ok) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
    if (c.get('html')) {
      // Mail scanners open links: the GET only shows a button, the human's POST verifies.
      c.header('Referrer-Policy', 'no-referrer')
      return c.html(<VerifyConfirmPage {...pageEnv(c)} token={input.value.token} />)
    }
    return answer(c, await verifyEmail(c.get('deps'), input.value, c.get('clientIp')))
  })
  .post('/verify-email', limitByIp('verifyEmail'), async (c) => {
    const input = await readInput(c, VerifyEmailBody)
    const result = input.ok
      ? await verifyEmail(c.get('deps'), input.value, c.get('clientIp'))
      : invalid(input)
    const typed: Record<string, unknown> = input.ok ? input.value : input.raw
    if (!result.ok && c.get('html') && 'code' in typed && result.code !== 'RATE_LIMITED')
      return codeFormAgain(c, typed, result)
    return answer(c, result)
  })
  .get(VERIFIED, async (c) => {
    const flash = await takeFlash(c, ['email_verified', 'email_already_verified'])
    const outcome = flash && (flash.notice === 'email_verified' ? 'verified' : 'already')
    return c.html(<EmailVerifiedPage {...pageEnv(c)} outcome={outcome} />)
  })
  .post('/resend-verification', limitByIp('resendVerification'), async (c) => {
    const input = await readInput(c, EmailInput)
    if (!input.ok) {
      if (!c.get('html')) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
      return c.html(
        <ResendVerificationPage
          {...pageEnv(c)}
          email={formText(input.raw, 'email')}
          errors={fieldErrors(c.get('t'), input.fields)}
        />,
        422,
      )
    }
    resendVerification(c.get('deps'), input.value.email, c.get('clientIp'))
    if (!c.get('html')) return c.json({ message: API_MESSAGES.resent })
    await setFlash(c, { notice: 'verification_resent', email: input.value.email })
    return c.redirect(pathTo(c, RESENT), 303)
  })
  .get(RESENT, async (c) => {
    const flash = await takeFlash(c, ['verification_resent'])
    return c.html(
      <ResendCheckInboxPage {...pageEnv(c)} email={flash?.email} mailbox={devMailboxPath(c)} />,
    )
  })

type Answer = Awaited<ReturnType<typeof verifyEmail>> | Failure<'VALIDATION_FAILED'>

async function answer(c: Context<AppEnv>, result: Answer) {
  if (!result.ok) {
    if (result.code === 'RATE_LIMITED') throw codesLimited(c.get('deps'), result.retryAfter)
    if (result.code === 'VALIDATION_FAILED' || !c.get('html'))
      return respondError(c, result.code, { fields: result.fields })
    return c.html(<VerifyLinkFailedPage {...pageEnv(c)} />, 400)
  }
  const already = result.alreadyVerified
  if (!c.get('html'))
    return c.json({ message: API_MESSAGES[already ? 'alreadyVerified' : 'verified'] })
  await setFlash(c, { notice: already ? 'email_already_verified' : 'email_verified' })
  return c.redirect(pathTo(c, VERIFIED), 303)
}

/** A failed code form again, with its error and the typed address, ready for another try. */
function codeFormAgain(c: Context<AppEnv>, typed: Record<string, unknown>, result: Failure) {
  const wrongCode = result.code !== 'VALIDATION_FAILED'
  const page = (
    <VerifyCodePage
      {...pageEnv(c)}
      email={formText(typed, 'email')}
      errors={wrongCode ? undefined : fieldErrors(c.get('t'), result.fields)}
      message={wrongCode ? c.get('t').t('codeForm.invalid') : undefined}
    />
  )
  return c.html(page, wrongCode ? 400 : 422)
}
