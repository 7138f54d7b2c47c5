// The error table: every expected failure has a code, a status and the contract's message.

export const ERRORS = {
  MALFORMED_JSON: [400, 'Malformed JSON body'],
  // FastAPI's words for a form body it cannot parse (no or a wrong boundary, truncated).
  MALFORMED_BODY: [400, 'There was an error parsing the body'],
  EMAIL_TAKEN: [400, 'Email already registered'],
  VERIFY_TOKEN_INVALID: [400, 'Invalid or expired verification token'],
  RESET_TOKEN_INVALID: [400, 'Invalid or expired reset token'],
  PASSWORDS_DO_NOT_MATCH: [400, 'Passwords do not match'],
  CURRENT_PASSWORD_INCORRECT: [400, 'Current password is incorrect'],
  EMAIL_CHANGE_TOKEN_INVALID: [400, 'Invalid or expired email change token'],
  INVALID_CREDENTIALS: [401, 'Incorrect email or password'],
  ACCOUNT_DEACTIVATED: [401, 'Account is deactivated'],
  EMAIL_NOT_VERIFIED: [401, 'Please verify your email address'],
  UNAUTHENTICATED: [401, 'Invalid authentication credentials'],
  FORBIDDEN: [403, 'Forbidden'],
  NOT_FOUND: [404, 'Not Found'],
  SESSION_NOT_FOUND: [404, 'Session not found'],
  METHOD_NOT_ALLOWED: [405, 'Method Not Allowed'],
  BODY_TOO_LARGE: [413, 'Request body too large'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'Unsupported media type'],
  VALIDATION_FAILED: [422, 'Validation failed'],
  RATE_LIMITED: [429, 'Rate limit exceeded'],
  INTERNAL: [500, 'Internal server error'],
  UNAVAILABLE: [503, 'Service temporarily unavailable'],
} as const satisfies Record<string, readonly [number, string]>

export type ErrorCode = keyof typeof ERRORS

/** One entry of a 422 `detail` list, in FastAPI's shape. */
export interface FieldIssue {
  loc: (string | number)[]
  msg: string
  type: string
}

export type Failure<C extends ErrorCode = ErrorCode> = {
  ok: false
  code: C
  fields?: FieldIssue[]
  retryAfter?: number
}
export type Result<T, C extends ErrorCode = ErrorCode> = ({ ok: true } & T) | Failure<C>

export const fail = <C extends ErrorCode>(
  code: C,
  extra?: Omit<Failure<C>, 'ok' | 'code'>,
): Failure<C> => ({ ok: false, code, ...extra })

/** Thrown for expected outcomes that end the request early (middleware, parsing). */
export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    readonly extra: { fields?: FieldIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(code)
    this.name = 'AppError'
    this.status = ERRORS[code][0]
  }
}

/** A dependency (Postgres, Redis) did not answer: the contract's 503, never a 500. */
export class UnavailableError extends Error {
  constructor(
    readonly dependency: 'database' | 'redis' | 'mail',
    options?: { cause?: unknown },
  ) {
    super(`${dependency} unavailable`, options)
    this.name = 'UnavailableError'
  }
}

export function errorStatus(code: ErrorCode): number {
  return ERRORS[code][0]
}

export function errorJson(
  code: ErrorCode,
  fields?: FieldIssue[],
): { detail: string | FieldIssue[] } {
  return { detail: code === 'VALIDATION_FAILED' && fields ? fields : ERRORS[code][1] }
}

export function errorHeaders(code: ErrorCode, retryAfter?: number): Record<string, string> {
  if (ERRORS[code][0] === 401) return { 'WWW-Authenticate': 'Bearer' }
  if (code === 'UNAVAILABLE') return { 'Retry-After': String(retryAfter ?? 5) }
  return {}
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
])

/**
 * Drivers' words for a refused or lost connection. The last two are workerd's, for a TCP
 * connect() that failed or a socket that dropped.
 */
const CONNECTION_WORDS = new RegExp(
  [
    'connect(ion)? (refused|terminated|timeout|closed)',
    'closed the connection',
    'ECONNREFUSED',
    'cannot connect to the specified address',
    'network connection lost',
  ].join('|'),
  'i',
)

/**
 * Recognises an unreachable database in a driver error (or its causes) without knowing the driver.
 */
export function isConnectionFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof UnavailableError) return true
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true
    const message = (e as { message?: unknown }).message
    if (typeof message === 'string' && CONNECTION_WORDS.test(message)) return true
  }
  return false
}

/** The command that brings a database's schema up to the code's. */
export const MIGRATE_COMMAND = 'npm run db:migrate'

/**
 * Postgres' undefined_table (42P01) or undefined_column (42703), in a driver error or its
 * causes: the schema is older than the code (a fresh database nobody migrated, or one a
 * migration behind), which a migration fixes and no retry does.
 */
export function isMissingTable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (code === '42P01' || code === '42703') return true
  }
  return false
}

/**
 * Names an error and its causes without stack, SQL or parameters: a driver's "Failed query: …"
 * message is replaced by its cause's.
 */
export function describeError(error: unknown): string {
  const parts: string[] = []
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const name = (e as { name?: string }).name ?? 'Error'
    const code = (e as { code?: string }).code
    const message = String((e as { message?: string }).message ?? e).split('\n')[0]!
    const text = /^failed query/i.test(message) ? '' : `: ${message.slice(0, 160)}`
    parts.push(`${name}${code ? `(${code})` : ''}${text}`)
  }
  return parts.join(' <- ')
}
