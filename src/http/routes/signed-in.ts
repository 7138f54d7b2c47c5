// What the account routes share: the signed-in guard, the refusal of a use-case, timestamps.
import type { Context } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import type { FormState } from '../../../views/pages/account-forms'
import type { AppEnv, Authenticated } from '../../deps'
import { errorStatus, type Failure } from '../../errors'
import { pathTo, routePath } from '../app-path'
import { formState } from '../form-state'
import { rateLimited } from '../middleware/rate-limit'
import { sessionOf } from '../middleware/session-lookup'
import { respondError } from '../respond'

/** The page a form without a GET of its own sits on: where to come back to after log-in. */
const FORM_PAGE: Record<string, string> = {
  '/account/sessions/revoke': '/account/sessions',
  '/account/sessions/revoke-others': '/account/sessions',
}

/** Without a live session: the contract's 401, or the log-in page that comes back here. */
export function signIn(c: Context<AppEnv>) {
  if (!c.get('html')) return respondError(c, 'UNAUTHENTICATED')
  const path = routePath(c)
  return c.redirect(`${pathTo(c, '/login')}?next=${pathTo(c, FORM_PAGE[path] ?? path)}`, 303)
}

/**
 * A refused use-case: the contract's JSON error, or (given `form`) the form again with the
 * field at fault and the contract's status; a used-up budget says when to come back.
 */
export async function refuse(
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

/** The contract's timestamps: UTC to the second. */
export const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

/** Each handler runs only with a live session. */
export const signedIn =
  (handler: (c: Context<AppEnv>, auth: Authenticated) => Promise<Response>) =>
  async (c: Context<AppEnv>) => {
    const auth = await sessionOf(c)
    return auth ? handler(c, auth) : signIn(c)
  }
