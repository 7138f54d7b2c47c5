// Log in, who am I, the account page, log out.
import { type Context, Hono } from 'hono'
import { AccountPage } from '../../../views/pages/account-pages'
import { LoginPage } from '../../../views/pages/auth-forms'
import { login } from '../../auth/login'
import { invalidateSession, validateSession } from '../../auth/session'
import type { AppEnv } from '../../deps'
import { clearSessionCookie, readBearer, readSessionCookie, setSessionCookie } from '../cookies'
import { LoginInput } from '../inputs'
import { limitByIp, rateLimited } from '../middleware/rate-limit'
import { sessionOf } from '../middleware/session-lookup'
import { readInput } from '../read-input'
import { fieldErrors, formText, respondError } from '../respond'
import { safeNextPath } from '../safe-next'

const credentials = (c: Context<AppEnv>) => ({
  bearer: readBearer(c),
  cookie: readSessionCookie(c),
})

export const sessionRoutes = new Hono<AppEnv>()
  .get('/login', (c) => {
    const next = safeNextPath(c.req.query('next'))
    return c.html(
      <LoginPage
        appName={c.var.deps.config.appName}
        next={next === '/account' ? undefined : next}
      />,
    )
  })
  .post('/login', limitByIp('login'), async (c) => {
    const { deps } = c.var
    const input = await readInput(c, LoginInput)
    const result = input.ok
      ? await login(
          deps,
          input.value,
          c.var.clientIp,
          readSessionCookie(c),
          c.req.header('user-agent'),
        )
      : ({ ok: false, code: 'VALIDATION_FAILED', fields: input.fields } as const)
    if (!result.ok) {
      const retry =
        result.code === 'RATE_LIMITED'
          ? rateLimited({
              limit: deps.config.rateLimits.loginFailuresPerEmail.limit,
              resetSeconds: result.retryAfter ?? 60,
            }).extra.headers
          : undefined
      if (!c.var.html)
        return respondError(c, result.code, { fields: result.fields, headers: retry })
      const email = input.ok ? input.value.email : formText(input.raw, 'email')
      const message =
        result.code === 'VALIDATION_FAILED'
          ? undefined
          : result.code === 'RATE_LIMITED'
            ? `Too many failed attempts. Please wait ${retry?.['Retry-After']} seconds, or reset your password.`
            : respondMessage(result.code)
      const next = safeNextPath(c.req.query('next'))
      const page = (
        <LoginPage
          appName={deps.config.appName}
          email={email}
          errors={fieldErrors(result.fields)}
          message={message}
          next={next === '/account' ? undefined : next}
          resendOpen={result.code === 'EMAIL_NOT_VERIFIED'}
        />
      )
      return c.html(
        page,
        result.code === 'VALIDATION_FAILED' ? 422 : result.code === 'RATE_LIMITED' ? 429 : 401,
        { ...retry, ...(result.code === 'RATE_LIMITED' ? {} : { 'WWW-Authenticate': 'Bearer' }) },
      )
    }
    setSessionCookie(c, result.session.secret)
    if (c.var.html) return c.redirect(safeNextPath(c.req.query('next')), 303)
    return c.json({
      access_token: result.session.accessToken,
      token_type: 'bearer',
      user: { id: result.user.id, email: result.user.email, is_verified: result.user.isVerified },
    })
  })
  .get('/me', async (c) => {
    if (c.var.html) return c.redirect('/account', 303)
    const auth = await sessionOf(c)
    if (!auth) return respondError(c, 'UNAUTHENTICATED')
    const s = auth.session
    return c.json({
      id: s.userId,
      email: s.email,
      is_active: s.isActive,
      is_verified: s.isVerified,
    })
  })
  .get('/account', async (c) => {
    const auth = await sessionOf(c)
    if (!auth) return c.redirect('/login', 303)
    const s = auth.session
    return c.html(
      <AccountPage
        appName={c.var.deps.config.appName}
        email={s.email}
        isVerified={s.isVerified}
        createdAt={new Date(s.createdAt)}
      />,
    )
  })
  .post('/logout', async (c) => {
    const { deps } = c.var
    const { bearer, cookie } = credentials(c)
    // Both credentials are revoked when both are sent: logging out really logs out.
    const sessions = await Promise.all([
      bearer !== undefined ? validateSession(deps, { bearer }) : null,
      cookie ? validateSession(deps, { cookie }) : null,
    ])
    const live = sessions.filter((s) => s !== null)
    await Promise.all(live.map((s) => invalidateSession(deps, s.sessionKey)))
    clearSessionCookie(c)
    deps.log.info('auth.logout', {
      outcome: live.length > 0 ? 'success' : 'no_session',
      userId: live[0]?.session.userId,
      ip: c.var.clientIp,
    })
    if (c.var.html) return c.redirect('/', 303)
    if (live.length === 0) return respondError(c, 'UNAUTHENTICATED')
    return c.json({ message: 'Logged out successfully' })
  })

function respondMessage(
  code: 'INVALID_CREDENTIALS' | 'ACCOUNT_DEACTIVATED' | 'EMAIL_NOT_VERIFIED',
): string {
  if (code === 'EMAIL_NOT_VERIFIED')
    return 'Please verify your email address. Check your inbox for the link, or ask for a new one below.'
  if (code === 'ACCOUNT_DEACTIVATED') return 'Account is deactivated.'
  return 'Incorrect email or password.'
}
