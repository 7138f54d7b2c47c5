// Account self-service: the account, change password or email, sessions, delete the account.
import { type Context, Hono } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import {
  ChangeEmailPage,
  ChangePasswordPage,
  DeleteAccountPage,
  type FormState,
  SessionsPage,
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
import { listSessions, revokeOtherSessions, revokeSession } from '../../auth/sessions'
import type { AppEnv, Authenticated } from '../../deps'
import { errorStatus, type Failure } from '../../errors'
import { API_MESSAGES } from '../api-messages'
import { pathTo, routePath } from '../app-path'
import { clearSessionCookie } from '../cookies'
import { setFlash, takeFlash } from '../flash'
import { formState } from '../form-state'
import {
  ChangeEmailInput,
  ChangePasswordInput,
  ConfirmEmailChangeBody,
  CurrentPasswordInput,
  SessionIdInput,
  TokenInput,
} from '../inputs'
import { codesLimited, limitByIp, rateLimited } from '../middleware/rate-limit'
import { sessionOf } from '../middleware/session-lookup'
import { linkRepresentation } from '../negotiate'
import { pageEnv } from '../page-env'
import { invalid, readInput } from '../read-input'
import { fieldErrors, formText, respondError } from '../respond'

/** Where the confirm button goes (Post/Redirect/Get): the new address and a way to log in. */
const EMAIL_CHANGED = '/confirm-email-change/done'

/** The page a form without a GET of its own sits on: where to come back to after log-in. */
const FORM_PAGE: Record<string, string> = {
  '/account/sessions/revoke': '/account/sessions',
  '/account/sessions/revoke-others': '/account/sessions',
}

/** Without a live session: the contract's 401, or the log-in page that comes back here. */
function signIn(c: Context<AppEnv>) {
  if (!c.get('html')) return respondError(c, 'UNAUTHENTICATED')
  const path = routePath(c)
  return c.redirect(`${pathTo(c, '/login')}?next=${pathTo(c, FORM_PAGE[path] ?? path)}`, 303)
}

/**
 * A refused use-case: the contract's JSON error, or (given `form`) the form again with the
 * field at fault and the contract's status; a used-up budget says when to come back.
 */
async function refuse(
  c: Context<AppEnv>,
  result: Failure,
  form?: (state: FormState) => JSX.Element | Promise<JSX.Element>,
) {
  if (result.code === 'UNAUTHENTICATED') return signIn(c)
  const headers =
    result.code === 'RATE_LIMITED'
      ? rateLimited({
          limit: c.get('deps').config.rateLimits.loginFailuresPerEmail.limit,
          resetSeconds: result.retryAfter ?? 60,
        }).extra.headers
      : undefined
  if (!c.get('html') || !form)
    return respondError(c, result.code, { fields: result.fields, headers })
  const status = errorStatus(result.code) as 400 | 404 | 422 | 429
  return c.html(
    await form(formState(c.get('t'), result, headers?.['Retry-After'])),
    status,
    headers,
  )
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

/** Each handler runs only with a live session. */
const signedIn =
  (handler: (c: Context<AppEnv>, auth: Authenticated) => Promise<Response>) =>
  async (c: Context<AppEnv>) => {
    const auth = await sessionOf(c)
    return auth ? handler(c, auth) : signIn(c)
  }

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
  .get(
    '/account/sessions',
    signedIn(async (c, auth) => {
      if (c.get('html')) {
        const flash = await takeFlash(c, ['session_revoked', 'sessions_revoked'])
        const notice = flash?.notice as 'session_revoked' | 'sessions_revoked' | undefined
        return c.html(await sessionsPage(c, auth, { notice }))
      }
      const sessions = await listSessions(c.get('deps'), auth)
      return c.json({
        sessions: sessions.map((s) => ({
          id: s.id,
          created_at: iso(s.createdAt),
          last_seen_at: iso(s.lastSeenAt),
          ip: s.ip,
          user_agent: s.userAgent,
          device: s.device,
          current: s.current,
        })),
      })
    }),
  )
  .post(
    '/account/sessions/revoke',
    signedIn(async (c, auth) => {
      const input = await readInput(c, SessionIdInput)
      const result = input.ok
        ? await revokeSession(c.get('deps'), auth, input.value.session_id)
        : invalid(input)
      if (!result.ok)
        return refuse(c, result, (state) =>
          sessionsPage(c, auth, { message: state.message ?? c.get('t').t(`code.${result.code}`) }),
        )
      // Ending the current session is a log-out: the cookie goes with it.
      if (result.current) clearSessionCookie(c)
      if (c.get('html') && result.current) return c.redirect(pathTo(c, '/'), 303)
      if (c.get('html')) {
        await setFlash(c, { notice: 'session_revoked' })
        return c.redirect(pathTo(c, '/account/sessions'), 303)
      }
      return c.json({ message: API_MESSAGES.sessionRevoked })
    }),
  )
  .post(
    '/account/sessions/revoke-others',
    signedIn(async (c, auth) => {
      const result = await revokeOtherSessions(c.get('deps'), auth)
      if (c.get('html')) {
        await setFlash(c, { notice: 'sessions_revoked' })
        return c.redirect(pathTo(c, '/account/sessions'), 303)
      }
      return c.json({
        message: API_MESSAGES.otherSessionsRevoked,
        sessions_revoked: result.sessionsRevoked,
      })
    }),
  )
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

async function sessionsPage(
  c: Context<AppEnv>,
  auth: Authenticated,
  extra: { notice?: 'session_revoked' | 'sessions_revoked'; message?: string },
) {
  const sessions = await listSessions(c.get('deps'), auth)
  return <SessionsPage {...pageEnv(c)} {...extra} sessions={sessions} />
}
