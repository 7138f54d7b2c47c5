// Sign-up: POST /register answers 201 JSON, or 303 to the "check your inbox" page.
import { Hono } from 'hono'
import { RegisterPage } from '../../../views/pages/auth-forms'
import { RegisterCheckInboxPage } from '../../../views/pages/result-pages'
import { passwordRuleHint } from '../../auth/password-policy'
import { registerUser } from '../../auth/register'
import type { AppEnv } from '../../deps'
import { setFlash, takeFlash } from '../flash'
import { RegisterInput } from '../inputs'
import { limitByIp } from '../middleware/rate-limit'
import { readInput } from '../read-input'
import { fieldErrors, formText, respondError } from '../respond'
import { checkInboxLinks } from './dev-mailbox'

/** Where a successful sign-up form goes (Post/Redirect/Get): a reload there posts nothing. */
const CHECK_INBOX = '/register/check-inbox'

export const registerRoutes = new Hono<AppEnv>()
  .get('/register', (c) => {
    const { appName, passwordMinLength } = c.var.deps.config
    return c.html(
      <RegisterPage appName={appName} passwordHint={passwordRuleHint(passwordMinLength)} />,
    )
  })
  .post('/register', limitByIp('register'), async (c) => {
    const { deps } = c.var
    const input = await readInput(c, RegisterInput)
    const result = input.ok
      ? await registerUser(deps, input.value, c.var.clientIp)
      : ({ ok: false, code: 'VALIDATION_FAILED', fields: input.fields } as const)
    if (!result.ok) {
      if (!c.var.html) return respondError(c, result.code, { fields: result.fields })
      const email = input.ok ? input.value.email : formText(input.raw, 'email')
      const message =
        result.code === 'EMAIL_TAKEN'
          ? 'Email already registered. Log in, or reset your password if you forgot it.'
          : undefined
      const page = (
        <RegisterPage
          appName={deps.config.appName}
          email={email}
          errors={fieldErrors(result.fields)}
          message={message}
          passwordHint={passwordRuleHint(deps.config.passwordMinLength)}
        />
      )
      return c.html(page, result.code === 'EMAIL_TAKEN' ? 400 : 422)
    }
    if (!c.var.html)
      return c.json(
        {
          message: 'User registered successfully',
          email_sent: result.emailSent,
          user_id: result.userId,
        },
        201,
      )
    await setFlash(c, {
      notice: result.emailSent ? 'registered' : 'registered_mail_pending',
      email: input.ok ? input.value.email : undefined,
    })
    return c.redirect(CHECK_INBOX, 303)
  })
  .get(CHECK_INBOX, async (c) => {
    const { deps } = c.var
    const flash = await takeFlash(c, ['registered', 'registered_mail_pending'])
    return c.html(
      <RegisterCheckInboxPage
        appName={deps.config.appName}
        email={flash?.email}
        sent={flash?.notice === 'registered'}
        links={checkInboxLinks(deps, { href: '/login', label: 'Go to log in' })}
      />,
    )
  })
