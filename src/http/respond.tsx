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
import { fieldMessage } from '../i18n/field-messages'
import type { TextKey, Translator } from '../i18n/translate'
import { pageEnv } from './page-env'

const STATUS_TITLES = new Set([400, 401, 403, 404, 405, 413, 415, 422, 429, 500, 503])
const title = (t: Translator, status: number) =>
  STATUS_TITLES.has(status) ? t.t(`status.${status}` as TextKey) : t.t('error.title')

export function respondError(
  c: Context<AppEnv>,
  code: ErrorCode,
  extra: { fields?: FieldIssue[]; headers?: Record<string, string> } = {},
) {
  const status = errorStatus(code) as ContentfulStatusCode
  const headers = { ...errorHeaders(code), ...extra.headers }
  if (!c.get('html')) return c.json(errorJson(code, extra.fields), status, headers)
  keepTokenFromReferer(c, headers)
  const env = pageEnv(c)
  return c.html(
    <ErrorPage
      {...env}
      status={status}
      title={title(env.t, status)}
      message={env.t.t(`code.${code}`)}
      retryAfter={code === 'RATE_LIMITED' ? headers['Retry-After'] : undefined}
      hint={errorHint(c, env.t, code, extra.fields)}
    />,
    status,
    headers,
  )
}

function errorHint(
  c: Context<AppEnv>,
  t: Translator,
  code: ErrorCode,
  fields: FieldIssue[] | undefined,
): string | undefined {
  const { appOrigin, env } = c.get('deps').config
  if (code === 'UNAVAILABLE') return t.t('error.tryAgain')
  if (code === 'FORBIDDEN' && env !== 'production')
    return t.t('error.devOrigin', { origin: appOrigin })
  if (code === 'VALIDATION_FAILED' && fields?.length)
    return fields
      .map((f) =>
        t.t('form.summaryLine', { label: String(f.loc.at(-1)), error: fieldMessage(t, f.msg) }),
      )
      .join(' ')
  return undefined
}

export function respondInternalError(c: Context<AppEnv>) {
  const requestId = c.get('requestId')
  if (!c.get('html')) return c.json({ detail: ERRORS.INTERNAL[1], request_id: requestId }, 500)
  const headers: Record<string, string> = {}
  keepTokenFromReferer(c, headers)
  const env = pageEnv(c)
  return c.html(
    <ErrorPage
      {...env}
      status={500}
      title={title(env.t, 500)}
      message={env.t.t('code.INTERNAL')}
      requestId={requestId}
    />,
    500,
    headers,
  )
}

/** An error page at a URL that holds a token (a rate-limited link) must not leak it in a
 * Referer either. */
function keepTokenFromReferer(c: Context<AppEnv>, headers: Record<string, string>) {
  if (c.req.query('token') !== undefined) headers['Referrer-Policy'] = 'no-referrer'
}

/** The last segment of each issue's location names the form field that shows it, in the
 * reader's language. */
export function fieldErrors(t: Translator, fields: FieldIssue[] | undefined): FieldErrors {
  const errors: FieldErrors = {}
  for (const f of fields ?? []) {
    const name = String(f.loc.at(-1))
    errors[name] ??= fieldMessage(t, f.msg)
  }
  return errors
}

export const formText = (raw: Record<string, unknown>, name: string) =>
  typeof raw[name] === 'string' ? (raw[name] as string) : undefined
