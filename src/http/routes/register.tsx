// Sign-up: POST /register answers 201 JSON, or 303 to the "check your inbox" page.
import { Hono } from 'hono'
import { RegisterPage } from '../../../views/pages/auth-forms'
import { RegisterCheckInboxPage } from '../../../views/pages/result-pages'
import { registerUser } from '../../auth/register'
import type { AppEnv } from '../../deps'
import { API_MESSAGES } from '../api-messages'
import { pathTo } from '../app-path'
import { setFlash, takeFlash } from '../flash'
import { RegisterInput } from '../inputs'
import { limitByIp } from '../middleware/rate-limit'
import { pageEnv } from '../page-env'
import { enteredEmail, invalid, readInput } from '../read-input'
import { fieldErrors, respondError } from '../respond'
import { devMailboxPath } from './dev-mailbox'

/** Where a successful sign-up form goes (Post/Redirect/Get): a reload there posts nothing. */
const CHECK_INBOX = '/register/check-inbox'

export const registerRoutes = new Hono<AppEnv>()
  .get('/register', (c) =>
    c.html(
      <RegisterPage {...pageEnv(c)} passwordMinLength={c.get('deps').config.passwordMinLength} />,
    ),
  )
  .post('/register', limitByIp('register'), async (c) => {
    const deps = c.get('deps')
    const t = c.get('t')
    const input = await readInput(c, RegisterInput)
    const result = input.ok
      ? await registerUser(deps, { ...input.value, language: c.get('language') }, c.get('clientIp'))
      : invalid(input)
    if (!result.ok) {
      if (!c.get('html')) return respondError(c, result.code, { fields: result.fields })
      const taken = result.code === 'EMAIL_TAKEN'
      const page = (
        <RegisterPage
          {...pageEnv(c)}
          email={enteredEmail(input)}
          errors={fieldErrors(t, result.fields)}
          message={taken ? t.t('register.emailTaken') : undefined}
          passwordMinLength={deps.config.passwordMinLength}
        />
      )
      return c.html(page, taken ? 400 : 422)
    }
    if (!c.get('html')) {
      const { emailSent, userId } = result
      return c.json(
        { message: API_MESSAGES.registered, email_sent: emailSent, user_id: userId },
        201,
      )
    }
    await setFlash(c, {
      notice: result.emailSent ? 'registered' : 'registered_mail_pending',
      email: input.ok ? input.value.email : undefined,
    })
    return c.redirect(pathTo(c, CHECK_INBOX), 303)
  })
  .get(CHECK_INBOX, async (c) => {
    const flash = await takeFlash(c, ['registered', 'registered_mail_pending'])
    return c.html(
      <RegisterCheckInboxPage
        {...pageEnv(c)}
        email={flash?.email}
        sent={flash?.notice === 'registered'}
        mailbox={devMailboxPath(c)}
      />,
    )
  })
