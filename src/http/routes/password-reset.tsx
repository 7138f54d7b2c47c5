// Forgot password (request a link) and reset password (set a new one with the link's token).
import { type Context, Hono } from 'hono'
import type * as v from 'valibot'
import { ForgotPasswordPage } from '../../../views/pages/auth-forms'
import { ResetCodePage } from '../../../views/pages/code-forms'
import { PasswordResetDonePage, ResetRequestedPage } from '../../../views/pages/result-pages'
import { ResetLinkFailedPage, ResetPasswordPage } from '../../../views/pages/token-pages'
import { requestPasswordReset, resetPassword } from '../../auth/password-reset'
import type { AppEnv } from '../../deps'
import type { Failure } from '../../errors'
import { API_MESSAGES } from '../api-messages'
import { pathTo } from '../app-path'
import { setFlash, takeFlash } from '../flash'
import { EmailInput, ResetPasswordBody } from '../inputs'
import { codesLimited, limitByIp } from '../middleware/rate-limit'
import { pageEnv } from '../page-env'
import { invalid, readInput } from '../read-input'
import { fieldErrors, formText, respondError } from '../respond'
import { devMailboxPath } from './dev-mailbox'

/** Where the successful forms go (Post/Redirect/Get): a reload there posts nothing. */
const REQUESTED = '/request-password-reset/check-inbox'
const DONE = '/reset-password/done'

export const passwordResetRoutes = new Hono<AppEnv>()
  .get('/request-password-reset', (c) => c.html(<ForgotPasswordPage {...pageEnv(c)} />))
  .post('/request-password-reset', limitByIp('passwordReset'), async (c) => {
    const input = await readInput(c, EmailInput)
    if (!input.ok) {
      if (!c.get('html')) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
      return c.html(
        <ForgotPasswordPage
          {...pageEnv(c)}
          email={formText(input.raw, 'email')}
          errors={fieldErrors(c.get('t'), input.fields)}
        />,
        422,
      )
    }
    // Answers at once: the lookup and the mail run after this answer (see the use-case).
    requestPasswordReset(c.get('deps'), input.value.email, c.get('clientIp'))
    if (!c.get('html')) return c.json({ message: API_MESSAGES.resetRequested })
    await setFlash(c, { notice: 'reset_requested', email: input.value.email })
    return c.redirect(pathTo(c, REQUESTED), 303)
  })
  .get(REQUESTED, async (c) => {
    const flash = await takeFlash(c, ['reset_requested'])
    return c.html(
      <ResetRequestedPage
        {...pageEnv(c)}
        email={flash?.email}
        mailbox={devMailboxPath(c)}
        passwordMinLength={c.get('deps').config.passwordMinLength}
      />,
    )
  })
  .get('/reset-password', (c) => {
    const { passwordMinLength } = c.get('deps').config
    // Without a token, a page asks for the mailed code (the reader on another device).
    if (c.req.query('token') === undefined)
      return c.html(
        <ResetCodePage
          {...pageEnv(c)}
          email={c.req.query('email')}
          passwordMinLength={passwordMinLength}
        />,
      )
    // Showing the form never consumes the token; the URL holds it, so no Referer may carry it.
    c.header('Referrer-Policy', 'no-referrer')
    return c.html(
      <ResetPasswordPage
        {...pageEnv(c)}
        token={c.req.query('token') ?? ''}
        passwordMinLength={c.get('deps').config.passwordMinLength}
      />,
    )
  })
  .post('/reset-password', limitByIp('resetPassword'), async (c) => {
    const input = await readInput(c, ResetPasswordBody)
    const result = input.ok ? await resetWith(c, input.value) : invalid(input)
    if (!result.ok) return refused(c, input.ok ? input.value : input.raw, result)
    if (!c.get('html')) return c.json({ message: API_MESSAGES.passwordReset })
    await setFlash(c, { notice: 'password_reset' })
    return c.redirect(pathTo(c, DONE), 303)
  })
  .get(DONE, async (c) => {
    const flash = await takeFlash(c, ['password_reset'])
    return c.html(<PasswordResetDonePage {...pageEnv(c)} done={!!flash} />)
  })

/** The proof is the link's {token} or the mailed {email, code}: the use-case tells them apart. */
function resetWith(c: Context<AppEnv>, value: v.InferOutput<typeof ResetPasswordBody>) {
  const { new_password, confirm_new_password, ...proof } = value
  const passwords = { newPassword: new_password, confirmNewPassword: confirm_new_password }
  return resetPassword(c.get('deps'), { ...proof, ...passwords }, c.get('clientIp'))
}

/**
 * A refused reset: JSON's error, or the form again with the typed address (and the code, unless
 * the code is what failed), never a password; a bad link's token gets the "ask again" page.
 */
function refused(c: Context<AppEnv>, typed: Record<string, unknown>, result: Failure) {
  const deps = c.get('deps')
  const t = c.get('t')
  if (result.code === 'RATE_LIMITED') throw codesLimited(deps, result.retryAfter)
  if (!c.get('html')) return respondError(c, result.code, { fields: result.fields })
  const mismatch = result.code === 'PASSWORDS_DO_NOT_MATCH'
  const badProof = result.code === 'RESET_TOKEN_INVALID'
  const status = badProof || mismatch ? 400 : 422
  const errors = mismatch
    ? { confirm_new_password: t.t('issue.passwordsDiffer') }
    : fieldErrors(t, result.fields)
  const { passwordMinLength } = deps.config
  if ('code' in typed) {
    const page = (
      <ResetCodePage
        {...pageEnv(c)}
        email={formText(typed, 'email')}
        code={badProof ? undefined : formText(typed, 'code')}
        message={badProof ? t.t('codeForm.invalid') : undefined}
        errors={badProof ? undefined : errors}
        passwordMinLength={passwordMinLength}
      />
    )
    return c.html(page, status)
  }
  if (badProof) return c.html(<ResetLinkFailedPage {...pageEnv(c)} />, 400)
  c.header('Referrer-Policy', 'no-referrer')
  const token = formText(typed, 'token') ?? ''
  const page = (
    <ResetPasswordPage
      {...pageEnv(c)}
      token={token}
      errors={errors}
      passwordMinLength={passwordMinLength}
    />
  )
  return c.html(page, status)
}
