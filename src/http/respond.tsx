// Answers in the representation the client asked for; errors in the contract's shape or as a page.
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { FieldErrors } from '../../views/components'
import { ErrorPage } from '../../views/pages/error-page'
import type { AppEnv } from '../deps'
import {
  ERRORS,
  type ErrorCode,
  errorHeaders,
  errorJson,
  errorStatus,
  type FieldIssue,
} from '../errors'

const TITLES: Partial<Record<number, string>> = {
  400: 'That did not work',
  401: 'Please log in',
  403: 'Request refused',
  404: 'Page not found',
  405: 'Not allowed',
  413: 'Too much data',
  415: 'Unsupported request',
  422: 'Please check the form',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
}

export function respondError(
  c: Context<AppEnv>,
  code: ErrorCode,
  extra: { fields?: FieldIssue[]; headers?: Record<string, string> } = {},
) {
  const status = errorStatus(code) as ContentfulStatusCode
  const headers = { ...errorHeaders(code), ...extra.headers }
  if (!c.var.html) return c.json(errorJson(code, extra.fields), status, headers)
  const { appName, appOrigin, env } = c.var.deps.config
  keepTokenFromReferer(c, headers)
  const hint =
    code === 'UNAVAILABLE'
      ? 'Please try again in a few moments.'
      : code === 'FORBIDDEN' && env !== 'production'
        ? `Development hint: this app only accepts forms from ${appOrigin} (APP_URL); open it at that address.`
        : code === 'VALIDATION_FAILED' && extra.fields?.length
          ? `${extra.fields.map((f) => `${String(f.loc.at(-1))}: ${f.msg}`).join('; ')}.`
          : undefined
  const retryAfter = code === 'RATE_LIMITED' ? headers['Retry-After'] : undefined
  return c.html(
    <ErrorPage
      appName={appName}
      status={status}
      title={TITLES[status] ?? 'Error'}
      message={pageMessage(code)}
      retryAfter={retryAfter}
      hint={hint}
    />,
    status,
    headers,
  )
}

export function respondInternalError(c: Context<AppEnv>) {
  const requestId = c.var.requestId
  if (!c.var.html) return c.json({ detail: ERRORS.INTERNAL[1], request_id: requestId }, 500)
  const headers: Record<string, string> = {}
  keepTokenFromReferer(c, headers)
  return c.html(
    <ErrorPage
      appName={c.var.deps.config.appName}
      status={500}
      title={TITLES[500]!}
      message="An unexpected error occurred on our side. It has been logged."
      requestId={requestId}
    />,
    500,
    headers,
  )
}

/** An error page at a URL that holds a token (a rate-limited link) must not leak it in a Referer either. */
function keepTokenFromReferer(c: Context<AppEnv>, headers: Record<string, string>) {
  if (c.req.query('token') !== undefined) headers['Referrer-Policy'] = 'no-referrer'
}

const PAGE_MESSAGES: Partial<Record<ErrorCode, string>> = {
  FORBIDDEN: 'This form was sent from another site, so it was refused.',
  NOT_FOUND: 'There is nothing at this address.',
  METHOD_NOT_ALLOWED: 'This address does not accept that kind of request.',
  VALIDATION_FAILED: 'Something in the request is missing or not valid.',
  RATE_LIMITED: 'Too many requests came from your network in a short time.',
  UNAVAILABLE: 'The service is temporarily unavailable.',
}

function pageMessage(code: ErrorCode): string {
  return PAGE_MESSAGES[code] ?? `${ERRORS[code][1]}.`
}

/** The last segment of each issue's location names the form field that shows it. */
export function fieldErrors(fields: FieldIssue[] | undefined): FieldErrors {
  const errors: FieldErrors = {}
  for (const f of fields ?? []) {
    const name = String(f.loc.at(-1))
    errors[name] ??= f.msg
  }
  return errors
}

export const formText = (raw: Record<string, unknown>, name: string) =>
  typeof raw[name] === 'string' ? (raw[name] as string) : undefined
