// Answers in the representation the client asked for; errors in the contract's shape or as a page.
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from '../deps'
import { ERRORS, type ErrorCode, errorHeaders, errorJson, errorStatus, type FieldIssue } from '../errors'
import type { FieldErrors } from '../../views/components'
import { MessagePage } from '../../views/pages/message-page'

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

export function respondError(c: Context<AppEnv>, code: ErrorCode, extra: { fields?: FieldIssue[]; headers?: Record<string, string> } = {}) {
  const status = errorStatus(code) as ContentfulStatusCode
  const headers = { ...errorHeaders(code), ...extra.headers }
  if (!c.var.html) return c.json(errorJson(code, extra.fields), status, headers)
  const retry = headers['Retry-After']
  const detail =
    code === 'RATE_LIMITED' && retry ? `Please wait ${retry} seconds before trying again.`
    : code === 'UNAVAILABLE' ? 'Please try again in a few moments.'
    : undefined
  return c.html(
    <MessagePage appName={c.var.deps.config.appName} title={TITLES[status] ?? 'Error'} kind="error" message={pageMessage(code)} detail={detail} links={[{ href: '/', label: 'Go to the home page' }]} />,
    status,
    headers,
  )
}

export function respondInternalError(c: Context<AppEnv>) {
  const requestId = c.var.requestId
  if (!c.var.html) return c.json({ detail: ERRORS.INTERNAL[1], request_id: requestId }, 500)
  return c.html(
    <MessagePage appName={c.var.deps.config.appName} title={TITLES[500]!} kind="error" message="An unexpected error occurred. It has been logged." detail={<p>Request id: <code>{requestId}</code></p>} links={[{ href: '/', label: 'Go to the home page' }]} />,
    500,
  )
}

function pageMessage(code: ErrorCode): string {
  if (code === 'FORBIDDEN') return 'This form was sent from another site, so it was refused.'
  if (code === 'NOT_FOUND') return 'There is nothing at this address.'
  return ERRORS[code][1]
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

export const formText = (raw: Record<string, unknown>, name: string) => (typeof raw[name] === 'string' ? (raw[name] as string) : undefined)
