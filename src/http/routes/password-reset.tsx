// Forgot password (request a link) and reset password (set a new one with the link's token).
import { Hono } from 'hono'
import { ForgotPasswordPage } from '../../../views/pages/auth-forms'
import { PasswordResetDonePage, ResetRequestedPage } from '../../../views/pages/result-pages'
import { ResetLinkFailedPage, ResetPasswordPage } from '../../../views/pages/token-pages'
import { requestPasswordReset, resetPassword } from '../../auth/password-reset'
import type { AppEnv } from '../../deps'
import { API_MESSAGES } from '../api-messages'
import { pathTo } from '../app-path'
import { setFlash, takeFlash } from '../flash'
import { EmailInput, ResetPasswordInput } from '../inputs'
import { limitByIp } from '../middleware/rate-limit'
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
      <ResetRequestedPage {...pageEnv(c)} email={flash?.email} mailbox={devMailboxPath(c)} />,
    )
  })
  .get('/reset-password', (c) => {
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
    const deps = c.get('deps')
    const input = await readInput(c, ResetPasswordInput)
    const result = input.ok
      ? await resetPassword(
          deps,
          {
            token: input.value.token,
            newPassword: input.value.new_password,
            confirmNewPassword: input.value.confirm_new_password,
          },
          c.get('clientIp'),
        )
      : invalid(input)
    if (!result.ok) {
      if (!c.get('html')) return respondError(c, result.code, { fields: result.fields })
      if (result.code === 'RESET_TOKEN_INVALID')
        return c.html(<ResetLinkFailedPage {...pageEnv(c)} />, 400)
      c.header('Referrer-Policy', 'no-referrer')
      const mismatch = result.code === 'PASSWORDS_DO_NOT_MATCH'
      const errors = mismatch
        ? { confirm_new_password: c.get('t').t('issue.passwordsDiffer') }
        : fieldErrors(c.get('t'), result.fields)
      const token = input.ok ? input.value.token : (formText(input.raw, 'token') ?? '')
      return c.html(
        <ResetPasswordPage
          {...pageEnv(c)}
          token={token}
          errors={errors}
          passwordMinLength={deps.config.passwordMinLength}
        />,
        mismatch ? 400 : 422,
      )
    }
    if (!c.get('html')) return c.json({ message: API_MESSAGES.passwordReset })
    await setFlash(c, { notice: 'password_reset' })
    return c.redirect(pathTo(c, DONE), 303)
  })
  .get(DONE, async (c) => {
    const flash = await takeFlash(c, ['password_reset'])
    return c.html(<PasswordResetDonePage {...pageEnv(c)} done={!!flash} />)
  })
