// The error answers of the API as OpenAPI responses: the error table's messages, when they happen,
// their headers.
import { ERRORS, type ErrorCode, errorJson } from '../../errors'
import { MAX_BODY_BYTES } from '../middleware/body'
import type { Operation } from './operations'

type Json = Record<string, unknown>

/** When each error happens, in the contract's words. */
export const ERROR_WHEN: Record<ErrorCode, string> = {
  MALFORMED_JSON: 'the body is not valid JSON',
  MALFORMED_BODY:
    'a form body that cannot be parsed (multipart without or with a wrong boundary, ' +
    'truncated); forms get this as a page',
  EMAIL_TAKEN: 'the email is already registered',
  VERIFY_TOKEN_INVALID: 'the token is unknown, expired or was replaced',
  RESET_TOKEN_INVALID: 'the token is unknown, used or expired',
  PASSWORDS_DO_NOT_MATCH: '`confirm_new_password` is present and differs from `new_password`',
  CURRENT_PASSWORD_INCORRECT:
    'the current password is wrong (5 wrong ones per user per 15 min give 429, shared with ' +
    'failed log-ins)',
  EMAIL_CHANGE_TOKEN_INVALID: 'the token is unknown, used, expired or was replaced',
  SESSION_NOT_FOUND: "an unknown session id, or another user's",
  INVALID_CREDENTIALS: 'wrong email or password (one message for both)',
  ACCOUNT_DEACTIVATED: 'the account is deactivated',
  EMAIL_NOT_VERIFIED: 'the password is right but the email is not verified yet',
  UNAUTHENTICATED: 'missing, bad, expired or revoked bearer token or session cookie',
  FORBIDDEN:
    "CSRF: a form post, or a cookie-only logout, whose `Origin` is not the app's (or that has " +
    'neither `Origin` nor `Sec-Fetch-Site: same-origin`)',
  NOT_FOUND: 'unknown path',
  METHOD_NOT_ALLOWED:
    'another method on this path (TRACE included); `Allow` lists the methods of the path',
  BODY_TOO_LARGE: `the body is over ${MAX_BODY_BYTES / 1024} KiB; it is refused before it is read`,
  UNSUPPORTED_MEDIA_TYPE: 'a body that is neither JSON nor a form',
  VALIDATION_FAILED:
    'a field is missing, of the wrong type, an invalid email, or a password outside the policy',
  RATE_LIMITED: 'a rate limit; wait `Retry-After` seconds',
  INTERNAL: 'a bug; no detail leaves the server, the `request_id` finds the log line',
  UNAVAILABLE: 'Postgres or Redis is unreachable; rate-limited routes fail closed',
}

export const HEADERS: Record<string, Json> = {
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
  'RateLimit-Limit': {
    description: 'Requests allowed in the window.',
    schema: { type: 'integer' },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the window.',
    schema: { type: 'integer' },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the window frees a request.',
    schema: { type: 'integer' },
  },
  'WWW-Authenticate': {
    description: 'Always `Bearer`.',
    schema: { type: 'string', const: 'Bearer' },
  },
  Allow: {
    description: 'The methods this path answers.',
    schema: { type: 'string' },
    example: 'GET, HEAD, POST',
  },
  'Set-Cookie': {
    description:
      'The session cookie (HttpOnly, SameSite=Lax, Path=/; Secure and `__Host-` on https).',
    schema: { type: 'string' },
  },
  Location: { description: 'Where the browser goes next.', schema: { type: 'string' } },
}

const ERROR_HEADERS: Partial<Record<ErrorCode, string[]>> = {
  RATE_LIMITED: ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
  UNAVAILABLE: ['Retry-After'],
  METHOD_NOT_ALLOWED: ['Allow'],
}

export const headerRefs = (names: readonly string[]) =>
  Object.fromEntries(names.map((h) => [h, { $ref: `#/components/headers/${h}` }]))
/** The name of the shared response of an error code: METHOD_NOT_ALLOWED → MethodNotAllowed. */
export const responseName = (code: ErrorCode) =>
  code.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())

/** One response for the codes that share a status: every message as a named example. */
export function errorResponse(codes: ErrorCode[], op?: Operation): Json {
  const schema =
    codes[0] === 'VALIDATION_FAILED'
      ? 'ValidationErrorResponse'
      : codes[0] === 'INTERNAL'
        ? 'InternalErrorResponse'
        : 'ErrorResponse'
  const examples = Object.fromEntries(
    codes.map((code) => [
      code,
      {
        summary: code === 'VALIDATION_FAILED' ? 'A field is missing' : ERRORS[code][1],
        value: errorExample(code, op),
      },
    ]),
  )
  const headers = [
    ...new Set(
      codes.flatMap((code) =>
        ERRORS[code][0] === 401 ? ['WWW-Authenticate'] : (ERROR_HEADERS[code] ?? []),
      ),
    ),
  ]
  return {
    description: codes
      .map((code) => {
        const detail = code === 'VALIDATION_FAILED' ? '[{loc, msg, type}, …]' : ERRORS[code][1]
        return `\`${detail}\`: ${ERROR_WHEN[code]}.`
      })
      .join('\n\n'),
    ...(headers.length > 0 && { headers: headerRefs(headers) }),
    content: {
      'application/json': { schema: { $ref: `#/components/schemas/${schema}` }, examples },
    },
  }
}

function errorExample(code: ErrorCode, op?: Operation): unknown {
  if (code === 'INTERNAL')
    return { detail: ERRORS.INTERNAL[1], request_id: '5b0c6f0e-3d8a-4c1e-9f7a-2a1d4e6b8c90' }
  if (code !== 'VALIDATION_FAILED') return errorJson(code)
  const source = op?.query ? 'query' : 'body'
  const schema = op?.query ?? op?.body
  const field =
    schema && 'entries' in schema ? (Object.keys(schema.entries as object)[0] ?? 'email') : 'email'
  return errorJson(code, [{ loc: [source, field], msg: 'Field required', type: 'missing' }])
}
