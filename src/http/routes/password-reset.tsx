// Forgot password (request a link) and reset password (set a new one with the link's token).
import { Hono } from 'hono'
import { ForgotPasswordPage } from '../../../views/pages/auth-forms'
import { ResetCodePage } from '../../../views/pages/code-forms'
import { PasswordResetDonePage, ResetRequestedPage } from '../../../views/pages/result-pages'
import { ResetLinkFailedPage, ResetPasswordPage } from '../../../views/pages/token-pages'
import { requestPasswordReset, resetPassword } from '../../auth/password-reset'
import type { AppEnv } from '../../deps'
import { API_MESSAGES } from '../api-messages'
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
      if (!c.var.html) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
      return c.html(
        <ForgotPasswordPage
          {...pageEnv(c)}
          email={formText(input.raw, 'email')}
          errors={fieldErrors(c.var.t, input.fields)}
        />,
        422,
      )
    }
    // Answers at once: the lookup and the mail run after this answer (see the use-case).
    requestPasswordReset(c.var.deps, input.value.email, c.var.clientIp)
    if (!c.var.html) return c.json({ message: API_MESSAGES.resetRequested })
    await setFlash(c, { notice: 'reset_requested', email: input.value.email })
    return c.redirect(REQUESTED, 303)
  })
  .get(REQUESTED, async (c) => {
    const flash = await takeFlash(c, ['reset_requested'])
    return c.html(
      <ResetRequestedPage
        {...pageEnv(c)}
        email={flash?.email}
        mailbox={devMailboxPath(c)}
        passwordMinLength={c.var.deps.config.passwordMinLength}
      />,
    )
  })
  .get('/reset-password', (c) => {
    const { passwordMinLength } = c.var.deps.config
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
        passwordMinLength={c.var.deps.config.passwordMinLength}
      />,
    )
  })
  .post('/reset-password', limitByIp('resetPassword'), async (c) => {
    const { deps } = c.var
    const input = await readInput(c, ResetPasswordBody)
    const result = input.ok
      ? await resetPassword(
          deps,
          {
            ...('code' in input.value
              ? { email: input.value.email, code: input.value.code }
              : { token: input.value.token }),
            newPassword: input.value.new_password,
            confirmNewPassword: input.value.confirm_new_password,
          },
          c.var.clientIp,
        )
      : invalid(input)
    if (!result.ok) {
      if (result.code === 'RATE_LIMITED') throw codesLimited(deps, result.retryAfter)
      // What was typed, to show again: never a password.
      const raw: Record<string, unknown> = input.ok ? input.value : input.raw
      if (!c.var.html) return respondError(c, result.code, { fields: result.fields })
      const mismatch = result.code === 'PASSWORDS_DO_NOT_MATCH'
      const errors = mismatch
        ? { confirm_new_password: c.var.t.t('issue.passwordsDiffer') }
        : fieldErrors(c.var.t, result.fields)
      const status = result.code === 'RESET_TOKEN_INVALID' ? 400 : mismatch ? 400 : 422
      if ('code' in raw) {
        // A failed code form comes back with the address (and the code, unless it was the
        // code that failed); never a password.
        const wrongCode = result.code === 'RESET_TOKEN_INVALID'
        const page = (
          <ResetCodePage
            {...pageEnv(c)}
            email={formText(raw, 'email')}
            code={wrongCode ? undefined : formText(raw, 'code')}
            message={wrongCode ? c.var.t.t('codeForm.invalid') : undefined}
            errors={wrongCode ? undefined : errors}
            passwordMinLength={deps.config.passwordMinLength}
          />
        )
        return c.html(page, status)
      }
      if (result.code === 'RESET_TOKEN_INVALID')
        return c.html(<ResetLinkFailedPage {...pageEnv(c)} />, 400)
      c.header('Referrer-Policy', 'no-referrer')
      return c.html(
        <ResetPasswordPage
          {...pageEnv(c)}
          token={formText(raw, 'token') ?? ''}
          errors={errors}
          passwordMinLength={deps.config.passwordMinLength}
        />,
        status,
      )
    }
    if (!c.var.html) return c.json({ message: API_MESSAGES.passwordReset })
    await setFlash(c, { notice: 'password_reset' })
    return c.redirect(DONE, 303)
  })
  .get(DONE, async (c) => {
    const flash = await takeFlash(c, ['password_reset'])
    return c.html(<PasswordResetDonePage {...pageEnv(c)} done={!!flash} />)
  })
