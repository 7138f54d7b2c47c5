// Account self-service: the account, change password or email, delete the account.
// The sessions pages are in account-sessions.tsx.
import { type Context, Hono } from 'hono'
import {
  ChangeEmailPage,
  ChangePasswordPage,
  DeleteAccountPage,
  type FormState,
} from '../../../views/pages/account-forms'
import { AccountPage } from '../../../views/pages/account-pages'
import { EmailChangeCodePage } from '../../../views/pages/code-forms'
import { EmailChangedPage } from '../../../views/pages/result-pages'
import { ConfirmEmailChangePage } from '../../../views/pages/token-pages'
import {
  confirmEmailChange,
  type EmailChangeProof,
  requestEmailChange,
} from '../../auth/change-email'
import { changePassword } from '../../auth/change-password'
import { deleteAccount } from '../../auth/delete-account'
import { checkCurrentPassword } from '../../auth/reauthenticate'
import type { AppEnv } from '../../deps'
import { API_MESSAGES } from '../api-messages'
import { pathTo } from '../app-path'
import { clearSessionCookie } from '../cookies'
import { setFlash, takeFlash } from '../flash'
import {
  ChangeEmailInput,
  ChangePasswordInput,
  ConfirmEmailChangeBody,
  CurrentPasswordInput,
  TokenInput,
} from '../inputs'
import { codesLimited, limitByIp } from '../middleware/rate-limit'
import { sessionOf } from '../middleware/session-lookup'
import { linkRepresentation } from '../negotiate'
import { pageEnv } from '../page-env'
import { invalid, readInput } from '../read-input'
import { fieldErrors, formText, respondError } from '../respond'
import { iso, refuse, signedIn, signIn } from './signed-in'

/** Where the confirm button goes (Post/Redirect/Get): the new address and a way to log in. */
const EMAIL_CHANGED = '/confirm-email-change/done'

export const accountRoutes = new Hono<AppEnv>()
  .get(
    '/account',
    signedIn(async (c, auth) => {
      const account = await c.get('deps').db.findAccount(auth.session.userId)
      if (!account) return signIn(c)
      const { user } = account
      if (c.get('html')) {
        const flash = await takeFlash(c, ['password_changed', 'email_change_requested'])
        return c.html(
          <AccountPage
            {...pageEnv(c)}
            email={user.email}
            isVerified={user.isVerified}
            createdAt={account.createdAt}
            pendingEmail={account.pendingEmail}
            notice={flash?.notice as 'password_changed' | 'email_change_requested' | undefined}
          />,
        )
      }
      return c.json({
        id: user.id,
        email: user.email,
        is_active: user.isActive,
        is_verified: user.isVerified,
        created_at: iso(account.createdAt),
        pending_email: account.pendingEmail,
      })
    }),
  )
  .get(
    '/account/password',
    signedIn(async (c) => c.html(passwordPage(c, {}))),
  )
  .get(
    '/account/email',
    signedIn(async (c) => c.html(<ChangeEmailPage {...pageEnv(c)} />)),
  )
  .get(
    '/account/delete',
    signedIn(async (c) => c.html(<DeleteAccountPage {...pageEnv(c)} />)),
  )
  .post(
    '/account/password',
    signedIn(async (c, auth) => {
      const input = await readInput(c, ChangePasswordInput)
      const result = input.ok
        ? await changePassword(
            c.get('deps'),
            auth,
            {
              currentPassword: input.value.current_password,
              newPassword: input.value.new_password,
              confirmNewPassword: input.value.confirm_new_password,
            },
            c.get('clientIp'),
          )
        : invalid(input)
      if (!result.ok) return refuse(c, result, (state) => passwordPage(c, state))
      if (c.get('html')) {
        await setFlash(c, { notice: 'password_changed' })
        return c.redirect(pathTo(c, '/account'), 303)
      }
      return c.json({
        message: API_MESSAGES.passwordChanged,
        sessions_revoked: result.sessionsRevoked,
      })
    }),
  )
  .post(
    '/account/email',
    signedIn(async (c, auth) => {
      const input = await readInput(c, ChangeEmailInput)
      const result = input.ok
        ? await requestEmailChange(
            c.get('deps'),
            auth,
            { currentPassword: input.value.current_password, newEmail: input.value.new_email },
            c.get('clientIp'),
          )
        : invalid(input)
      // The address as typed comes back; the password never does.
      const newEmail = input.ok ? input.value.new_email : formText(input.raw, 'new_email')
      if (!result.ok)
        return refuse(c, result, (state) => (
          <ChangeEmailPage {...pageEnv(c)} {...state} newEmail={newEmail} />
        ))
      if (c.get('html')) {
        await setFlash(c, { notice: 'email_change_requested' })
        return c.redirect(pathTo(c, '/account'), 303)
      }
      return c.json({ message: API_MESSAGES.emailChangeRequested }, 202)
    }),
  )
  .get(
    '/confirm-email-change',
    linkRepresentation(),
    limitByIp('confirmEmailChange'),
    async (c) => {
      const input = await readInput(c, TokenInput, 'query')
      if (!input.ok) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
      // Mail scanners open links: only a client that asked for JSON on purpose acts here.
      if (c.get('html')) {
        c.header('Referrer-Policy', 'no-referrer')
        return c.html(<ConfirmEmailChangePage {...pageEnv(c)} token={input.value.token} />)
      }
      return confirmed(c, input.value)
    },
  )
  .get(EMAIL_CHANGED, async (c) => {
    const flash = await takeFlash(c, ['email_changed'])
    return c.html(<EmailChangedPage {...pageEnv(c)} email={flash?.email} />)
  })
  .post('/confirm-email-change', limitByIp('confirmEmailChange'), async (c) => {
    const input = await readInput(c, ConfirmEmailChangeBody)
    if (!input.ok) {
      if (!c.get('html') || !('code' in input.raw))
        return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
      const errors = fieldErrors(c.get('t'), input.fields)
      return c.html(<EmailChangeCodePage {...pageEnv(c)} errors={errors} />, 422)
    }
    if ('token' in input.value) return confirmed(c, input.value)
    // A code proves the change only to a session of the user it was mailed for.
    const auth = await sessionOf(c)
    // The form lives on the account page: after log-in the person goes back there.
    if (!auth && c.get('html'))
      return c.redirect(`${pathTo(c, '/login')}?next=${pathTo(c, '/account')}`, 303)
    if (!auth) return respondError(c, 'UNAUTHENTICATED')
    return confirmed(c, { code: input.value.code, auth })
  })
  .post(
    '/account/delete',
    signedIn(async (c, auth) => {
      const deps = c.get('deps')
      const input = await readInput(c, CurrentPasswordInput)
      const { userId } = auth.session
      const checked = input.ok
        ? await checkCurrentPassword(deps, userId, input.value.current_password)
        : invalid(input)
      if (!checked.ok)
        return refuse(c, checked, (state) => <DeleteAccountPage {...pageEnv(c)} {...state} />)
      const deleted = await deleteAccount(deps, userId)
      if (!deleted.ok) return signIn(c)
      deps.log.info('auth.account_delete', { outcome: 'success', userId, ip: c.get('clientIp') })
      clearSessionCookie(c)
      if (c.get('html')) {
        await setFlash(c, { notice: 'account_deleted' })
        return c.redirect(pathTo(c, '/'), 303)
      }
      return c.json({ message: API_MESSAGES.accountDeleted })
    }),
  )

async function confirmed(c: Context<AppEnv>, proof: EmailChangeProof) {
  const result = await confirmEmailChange(c.get('deps'), proof, c.get('clientIp'))
  if (!result.ok && result.code === 'RATE_LIMITED')
    throw codesLimited(c.get('deps'), result.retryAfter)
  if (!result.ok && c.get('html') && 'code' in proof) {
    // The failed code form again, with its error, ready for another try.
    const page = <EmailChangeCodePage {...pageEnv(c)} message={c.get('t').t('codeForm.invalid')} />
    return c.html(page, 400)
  }
  if (!result.ok) return respondError(c, result.code)
  if (!c.get('html')) return c.json({ message: API_MESSAGES.emailChanged })
  await setFlash(c, { notice: 'email_changed', email: result.email })
  return c.redirect(pathTo(c, EMAIL_CHANGED), 303)
}

const passwordPage = (c: Context<AppEnv>, state: FormState) => (
  <ChangePasswordPage
    {...pageEnv(c)}
    {...state}
    passwordMinLength={c.get('deps').config.passwordMinLength}
  />
)
