// Log in, who am I, log out.
import { type Context, Hono } from 'hono'
import { LoginPage } from '../../../views/pages/auth-forms'
import { login } from '../../auth/login'
import { invalidateSession, validateSession } from '../../auth/session'
import type { AppEnv } from '../../deps'
import type { Failure } from '../../errors'
import type { TextKey } from '../../i18n/translate'
import { API_MESSAGES } from '../api-messages'
import { pathTo } from '../app-path'
import { clearSessionCookie, readBearer, readSessionCookie, setSessionCookie } from '../cookies'
import { LoginInput } from '../inputs'
import { limitByIp, rateLimited } from '../middleware/rate-limit'
import { sessionOf } from '../middleware/session-lookup'
import { pageEnv } from '../page-env'
import { enteredEmail, invalid, type Parsed, readInput } from '../read-input'
import { fieldErrors, respondError } from '../respond'
import { safeNextPath } from '../safe-next'

const credentials = (c: Context<AppEnv>) => ({
  bearer: readBearer(c),
  cookie: readSessionCookie(c),
})

/** Where a log-in goes: the safe `next`, else the account page. */
const afterLogin = (c: Context<AppEnv>) =>
  safeNextPath(c.req.query('next'), c.get('deps').config, pathTo(c, '/account'))

/** The `next` the log-in form carries on: none when it would only name the default. */
const formNext = (c: Context<AppEnv>) => {
  const next = afterLogin(c)
  return next === pathTo(c, '/account') ? undefined : next
}

export const sessionRoutes = new Hono<AppEnv>()
  .get('/login', (c) => c.html(<LoginPage {...pageEnv(c)} next={formNext(c)} />))
  .post('/login', limitByIp('login'), async (c) => {
    const deps = c.get('deps')
    const input = await readInput(c, LoginInput)
    const result = input.ok
      ? await login(
          deps,
          input.value,
          c.get('clientIp'),
          readSessionCookie(c),
          c.req.header('user-agent'),
        )
      : invalid(input)
    if (!result.ok) return refuseLogin(c, input, result)
    setSessionCookie(c, result.session.secret)
    if (c.get('html')) return c.redirect(afterLogin(c), 303)
    return c.json({
      access_token: result.session.accessToken,
      token_type: 'bearer',
      user: { id: result.user.id, email: result.user.email, is_verified: result.user.isVerified },
    })
  })
  .get('/me', async (c) => {
    if (c.get('html')) return c.redirect(pathTo(c, '/account'), 303)
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
  .post('/logout', async (c) => {
    const deps = c.get('deps')
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
      ip: c.get('clientIp'),
    })
    if (c.get('html')) return c.redirect(pathTo(c, '/'), 303)
    if (live.length === 0) return respondError(c, 'UNAUTHENTICATED')
    return c.json({ message: API_MESSAGES.loggedOut })
  })

/** A refused log-in: the contract's JSON error, or the form again saying why. */
function refuseLogin(
  c: Context<AppEnv>,
  input: Parsed<{ email: string }>,
  result: Failure<keyof typeof LOGIN_REFUSALS>,
) {
  const deps = c.get('deps')
  const t = c.get('t')
  const retry =
    result.code === 'RATE_LIMITED'
      ? rateLimited({
          limit: deps.config.rateLimits.loginFailuresPerEmail.limit,
          resetSeconds: result.retryAfter ?? 60,
        }).extra.headers
      : undefined
  if (!c.get('html')) return respondError(c, result.code, { fields: result.fields, headers: retry })
  const refusal = LOGIN_REFUSALS[result.code]
  const wait = t.plural('unit.seconds', Number(retry?.['Retry-After']))
  const page = (
    <LoginPage
      {...pageEnv(c)}
      email={enteredEmail(input)}
      errors={fieldErrors(t, result.fields)}
      message={refusal.key && t.t(refusal.key, { time: wait })}
      next={formNext(c)}
      resendOpen={result.code === 'EMAIL_NOT_VERIFIED'}
    />
  )
  // A refused password says how to authenticate; a limit says when to come back.
  const headers: Record<string, string> = { ...retry }
  if (refusal.status === 401) headers['WWW-Authenticate'] = 'Bearer'
  return c.html(page, refusal.status, headers)
}

/** What a failed log-in form says, and its status. */
const LOGIN_REFUSALS: Record<
  'VALIDATION_FAILED' | 'RATE_LIMITED' | LoginCode,
  { key?: TextKey; status: 401 | 422 | 429 }
> = {
  VALIDATION_FAILED: { status: 422 },
  RATE_LIMITED: { key: 'login.tooMany', status: 429 },
  INVALID_CREDENTIALS: { key: 'login.incorrect', status: 401 },
  ACCOUNT_DEACTIVATED: { key: 'login.deactivated', status: 401 },
  EMAIL_NOT_VERIFIED: { key: 'login.unverified', status: 401 },
}
type LoginCode = 'INVALID_CREDENTIALS' | 'ACCOUNT_DEACTIVATED' | 'EMAIL_NOT_VERIFIED'
