// Account self-service: the account, change password or email, sessions, delete the account.
import { type Context, Hono } from 'hono'
import {
  ChangeEmailPage,
  ChangePasswordPage,
  DeleteAccountPage,
  SessionsPage,
} from '../../../views/pages/account-forms'
import { AccountPage } from '../../../views/pages/account-pages'
import { ConfirmEmailChangePage } from '../../../views/pages/token-pages'
import { confirmEmailChange, requestEmailChange } from '../../auth/change-email'
import { changePassword } from '../../auth/change-password'
import { deleteAccount } from '../../auth/delete-account'
import { checkCurrentPassword } from '../../auth/reauthenticate'
import { listSessions, revokeOtherSessions, revokeSession } from '../../auth/sessions'
import type { AppEnv, Authenticated } from '../../deps'
import type { Failure } from '../../errors'
import { API_MESSAGES } from '../api-messages'
import { clearSessionCookie } from '../cookies'
import { setFlash, takeFlash } from '../flash'
import {
  ChangeEmailInput,
  ChangePasswordInput,
  CurrentPasswordInput,
  SessionIdInput,
  TokenInput,
} from '../inputs'
import { limitByIp, rateLimited } from '../middleware/rate-limit'
import { sessionOf } from '../middleware/session-lookup'
import { linkRepresentation } from '../negotiate'
import { pageEnv } from '../page-env'
import { readInput } from '../read-input'
import { respondError } from '../respond'

/** Without a live session: the contract's 401, or the log-in page that comes back here. */
const signIn = (c: Context<AppEnv>) =>
  c.get('html') ? c.redirect(`/login?next=${c.req.path}`, 303) : respondError(c, 'UNAUTHENTICATED')

/** A refused use-case in the contract's shape; a used-up budget says when to come back. */
function refuse(c: Context<AppEnv>, result: Failure) {
  if (result.code === 'UNAUTHENTICATED') return signIn(c)
  if (result.code === 'RATE_LIMITED') {
    const { limit } = c.get('deps').config.rateLimits.loginFailuresPerEmail
    return respondError(
      c,
      'RATE_LIMITED',
      rateLimited({ limit, resetSeconds: result.retryAfter ?? 60 }).extra,
    )
  }
  return respondError(c, result.code, { fields: result.fields })
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
    signedIn(async (c) => c.html(<ChangePasswordPage {...pageEnv(c)} />)),
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
      if (!input.ok) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
      const { current_password, new_password, confirm_new_password } = input.value
      const result = await changePassword(
        c.get('deps'),
        auth,
        {
          currentPassword: current_password,
          newPassword: new_password,
          confirmNewPassword: confirm_new_password,
        },
        c.get('clientIp'),
      )
      if (!result.ok) return refuse(c, result)
      if (c.get('html')) {
        await setFlash(c, { notice: 'password_changed' })
        return c.redirect('/account', 303)
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
      if (!input.ok) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
      const result = await requestEmailChange(
        c.get('deps'),
        auth,
        { currentPassword: input.value.current_password, newEmail: input.value.new_email },
        c.get('clientIp'),
      )
      if (!result.ok) return refuse(c, result)
      if (c.get('html')) {
        await setFlash(c, { notice: 'email_change_requested' })
        return c.redirect('/account', 303)
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
      return confirmed(c, input.value.token)
    },
  )
  .post('/confirm-email-change', limitByIp('confirmEmailChange'), async (c) => {
    const input = await readInput(c, TokenInput)
    if (!input.ok) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
    return confirmed(c, input.value.token)
  })
  .get(
    '/account/sessions',
    signedIn(async (c, auth) => {
      const sessions = await listSessions(c.get('deps'), auth)
      if (c.get('html')) return c.html(<SessionsPage {...pageEnv(c)} sessions={sessions} />)
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
      if (!input.ok) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
      const result = await revokeSession(c.get('deps'), auth, input.value.session_id)
      if (!result.ok) return refuse(c, result)
      // Ending the current session is a log-out: the cookie goes with it.
      if (result.current) clearSessionCookie(c)
      if (c.get('html')) return c.redirect(result.current ? '/' : '/account/sessions', 303)
      return c.json({ message: API_MESSAGES.sessionRevoked })
    }),
  )
  .post(
    '/account/sessions/revoke-others',
    signedIn(async (c, auth) => {
      const result = await revokeOtherSessions(c.get('deps'), auth)
      if (c.get('html')) return c.redirect('/account/sessions', 303)
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
      if (!input.ok) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
      const { userId } = auth.session
      const checked = await checkCurrentPassword(deps, userId, input.value.current_password)
      if (!checked.ok) return refuse(c, checked)
      const deleted = await deleteAccount(deps, userId)
      if (!deleted.ok) return signIn(c)
      deps.log.info('auth.account_delete', { outcome: 'success', userId, ip: c.get('clientIp') })
      clearSessionCookie(c)
      if (c.get('html')) {
        await setFlash(c, { notice: 'account_deleted' })
        return c.redirect('/', 303)
      }
      return c.json({ message: API_MESSAGES.accountDeleted })
    }),
  )

async function confirmed(c: Context<AppEnv>, token: string) {
  const result = await confirmEmailChange(c.get('deps'), { token }, c.get('clientIp'))
  if (!result.ok) return respondError(c, result.code)
  if (c.get('html')) return c.redirect('/login', 303)
  return c.json({ message: API_MESSAGES.emailChanged })
}
