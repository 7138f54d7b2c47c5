// parseConfig(record) → Config: the only place environment variable names appear.
import * as v from 'valibot'
import type { SmtpServer } from './adapters/smtp-session'
import type { RateLimitRule } from './ports'

export type RuleName =
  | 'global'
  | 'register'
  | 'login'
  | 'loginFailuresPerEmail'
  | 'verifyEmail'
  | 'passwordReset'
  | 'passwordResetPerEmail'
  | 'resendVerification'
  | 'resendVerificationPerEmail'
  | 'resetPassword'
  | 'confirmEmailChange'
  | 'codeFailuresPerEmail'

export interface Config {
  env: 'development' | 'production' | 'test'
  port: number
  appName: string
  /** APP_URL without a trailing slash: the base of every emailed link. */
  appUrl: string
  appOrigin: string
  /**
   * APP_URL's path without a trailing slash ('' at the root): the prefix of every route, link,
   * redirect and asset, so Gatehouse can share the product's origin behind one proxy.
   */
  basePath: string
  https: boolean
  jwtSecret: string
  accessTokenTtlSeconds: number
  sessionTtlSeconds: number
  /** However often it is used, a session ends this long after log-in. */
  sessionMaxLifetimeSeconds: number
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string }
  /**
   * Sessions and rate limits: RESP to a self-hosted Redis (REDIS_URL, Bun and Deno), or the
   * Upstash REST protocol (UPSTASH_REDIS_REST_*, every runtime); null: in process memory.
   */
  redis: RedisConfig | null
  smtp: SmtpServer | null
  mailFrom: string
  mailFromName: string
  corsOrigins: string[]
  /** RETURN_ORIGINS: origins besides APP_URL's that `next` may send a browser back to. */
  returnOrigins: string[]
  trustProxy: boolean
  /** ACCESS_LOG (default true): one JSON line per request. Auth events are logged either way. */
  accessLog: boolean
  passwordMinLength: number
  rateLimits: Record<RuleName, RateLimitRule>
  outboxPollSeconds: number
  /** WEBHOOK_URL and WEBHOOK_SECRET (`whsec_<base64>`); null: no event is written. */
  webhook: { url: string; secret: string; timeoutMs: number } | null
  /** Things worth a log line at start (a generated secret, an embedded store). */
  warnings: string[]
}

export type RedisConfig = { timeoutMs: number; prefix: string } & (
  | { transport: 'resp'; url: string }
  | { transport: 'rest'; url: string; token: string }
)

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

/** PASSWORD_MIN_LENGTH may not go below this; the common-password list keeps nothing shorter. */
export const LOWEST_PASSWORD_MIN_LENGTH = 8

/** Defaults of the contract: limit per window, per client IP unless the name says otherwise. */
const RATE_LIMIT_DEFAULTS: Record<RuleName, [string, number, number]> = {
  global: ['RATE_LIMIT_GLOBAL', 100, 60],
  register: ['RATE_LIMIT_REGISTER', 5, 60],
  login: ['RATE_LIMIT_LOGIN', 10, 60],
  loginFailuresPerEmail: ['RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL', 5, 900],
  verifyEmail: ['RATE_LIMIT_VERIFY_EMAIL', 5, 60],
  passwordReset: ['RATE_LIMIT_PASSWORD_RESET', 3, 60],
  passwordResetPerEmail: ['RATE_LIMIT_PASSWORD_RESET_PER_EMAIL', 3, 3600],
  resendVerification: ['RATE_LIMIT_RESEND_VERIFICATION', 3, 60],
  resendVerificationPerEmail: ['RATE_LIMIT_RESEND_VERIFICATION_PER_EMAIL', 3, 3600],
  resetPassword: ['RATE_LIMIT_RESET_PASSWORD', 5, 60],
  confirmEmailChange: ['RATE_LIMIT_CONFIRM_EMAIL_CHANGE', 5, 60],
  // Wrong one-time codes per account (its email), across all its codes.
  codeFailuresPerEmail: ['RATE_LIMIT_CODE_FAILURES_PER_EMAIL', 10, 3600],
}

export const RATE_LIMIT_VARIABLES = Object.values(RATE_LIMIT_DEFAULTS).map(([name]) => name)

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.digits('must be a whole number'),
    v.transform(Number),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  )
const bool = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.picklist(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], 'must be true or false'),
  v.transform((s) => ['1', 'true', 'yes', 'on'].includes(s)),
)
const httpUrl = v.pipe(
  v.string(),
  v.trim(),
  v.url('must be a URL'),
  v.regex(/^https?:\/\//i, 'must start with http:// or https://'),
)
/** "10" keeps the default window; "10/60s", "5/15m", "3/1h" set both. */
const rateLimit = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d+(\/\d+[smh]?)?$/, 'must look like 10, 10/60s, 5/15m or 3/1h'),
)
const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 }
/** The Standard Webhooks specification asks for keys of 24 to 64 bytes. */
const WEBHOOK_KEY_BYTES = [24, 64] as const

export function parseConfig(env: Env): Config {
  const problems: string[] = []
  const warnings: string[] = []
  const read = <T>(name: string, schema: v.GenericSchema<string, T>, fallback: T): T => {
    const raw = env[name]
    if (raw === undefined || raw.trim() === '') return fallback
    const result = v.safeParse(schema, raw)
    if (result.success) return result.output
    problems.push(`${name} ${result.issues[0].message}`)
    return fallback
  }
  const text = (name: string) => {
    const raw = env[name]?.trim()
    return raw ? raw : undefined
  }

  const nodeEnv = read(
    'NODE_ENV',
    v.picklist(['development', 'production', 'test'], 'must be development, production or test'),
    'development' as Config['env'],
  )
  const production = nodeEnv === 'production'
  const port = read('PORT', int(0, 65535), 3000)
  const appName = text('APP_NAME') ?? 'Gatehouse'
  const appUrl = read('APP_URL', httpUrl, `http://localhost:${port}`).replace(/\/+$/, '')
  const https = appUrl.toLowerCase().startsWith('https://')

  let jwtSecret = text('JWT_SECRET')
  if (jwtSecret && new TextEncoder().encode(jwtSecret).length < 32)
    problems.push('JWT_SECRET must be at least 32 bytes')
  if (!jwtSecret) {
    jwtSecret = randomSecret()
    warnings.push(
      'JWT_SECRET is not set: generated one for this process; tokens will not survive a restart',
    )
  }

  const databaseUrl = text('DATABASE_URL')
  const database: Config['database'] = databaseUrl
    ? { kind: 'postgres', url: databaseUrl }
    : { kind: 'pglite', dir: text('PGLITE_DIR') ?? '.data/pglite' }
  if (!databaseUrl)
    warnings.push(
      'DATABASE_URL is not set: using embedded PGlite in ' +
        (database.kind === 'pglite' ? database.dir : ''),
    )
  if (databaseUrl && !/^postgres(ql)?:\/\//i.test(databaseUrl))
    problems.push('DATABASE_URL must start with postgres:// or postgresql://')

  const redis = redisConfig(text, problems, {
    timeoutMs: read('REDIS_TIMEOUT_MS', int(50, 60_000), 1000),
    prefix: text('REDIS_PREFIX') ?? appName.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  })
  if (!redis)
    warnings.push(
      'REDIS_URL and UPSTASH_REDIS_REST_URL are not set: ' +
        'sessions and rate limits live in this process only',
    )

  const smtpHost = text('SMTP_HOST')
  const smtpSecure = read('SMTP_SECURE', bool, false)
  const smtp = smtpHost
    ? {
        host: smtpHost,
        port: read('SMTP_PORT', int(1, 65535), smtpSecure ? 465 : 587),
        secure: smtpSecure,
        username: text('SMTP_USERNAME'),
        password: env.SMTP_PASSWORD || undefined,
        timeoutMs: read('SMTP_TIMEOUT_MS', int(100, 120_000), 5000),
      }
    : null
  if (!smtp)
    warnings.push(
      `SMTP_HOST is not set: mails go to the dev mailbox (${appUrl}/dev/mailbox) and the console`,
    )
  const mailFrom = read(
    'MAIL_FROM',
    v.pipe(v.string(), v.trim(), v.email('must be an email address')),
    `no-reply@${new URL(appUrl).hostname}`,
  )

  const rateLimits = {} as Record<RuleName, RateLimitRule>
  for (const [name, [variable, limit, windowSeconds]] of Object.entries(RATE_LIMIT_DEFAULTS) as [
    RuleName,
    [string, number, number],
  ][]) {
    const raw = read(variable, rateLimit, '')
    const [count, window] = raw ? raw.split('/') : []
    rateLimits[name] = {
      name,
      limit: count ? Number(count) : limit,
      windowSeconds: window ? parseInt(window, 10) * (UNITS[window.slice(-1)] ?? 1) : windowSeconds,
    }
  }

  const accessTokenTtlSeconds = read('ACCESS_TOKEN_EXPIRE_MINUTES', int(1, 24 * 60), 30) * 60
  const sessionTtlSeconds = read('SESSION_TTL_SECONDS', int(60, 30 * 86400), 1800)
  const sessionMaxLifetimeSeconds = read(
    'SESSION_MAX_LIFETIME_SECONDS',
    int(60, 365 * 86400),
    30 * 86400,
  )
  const trustProxy = read('TRUST_PROXY', bool, false)
  const accessLog = read('ACCESS_LOG', bool, true)
  const passwordMinLength = read('PASSWORD_MIN_LENGTH', int(LOWEST_PASSWORD_MIN_LENGTH, 256), 15)
  const outboxPollSeconds = read('OUTBOX_POLL_SECONDS', int(1, 3600), 30)
  const webhook = webhookConfig(text, problems, warnings)
  const webhookTimeoutMs = read('WEBHOOK_TIMEOUT_MS', int(100, 30_000), 5000)

  if (production) {
    const missing = [
      !databaseUrl && 'DATABASE_URL (embedded PGlite is for one process on one machine)',
      !redis &&
        !text('REDIS_URL') &&
        'REDIS_URL, or UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN (in-memory sessions ' +
          'and rate limits are per process)',
      !smtp && 'SMTP_HOST (the dev mailbox does not deliver mail)',
      !text('JWT_SECRET') && 'JWT_SECRET (a generated secret changes at every start)',
      !text('APP_URL') && 'APP_URL (emailed links are built from it)',
    ].filter((m): m is string => Boolean(m))
    problems.push(...missing.map((m) => `production requires ${m}`))
  }
  const returnOrigins = parseReturnOrigins(text('RETURN_ORIGINS'), problems)
  const basePath = parseBasePath(appUrl, problems)
  if (problems.length > 0) throw new ConfigError(problems)

  return {
    env: nodeEnv,
    port,
    appName,
    appUrl,
    appOrigin: new URL(appUrl).origin,
    basePath,
    https,
    jwtSecret,
    accessTokenTtlSeconds,
    sessionTtlSeconds,
    sessionMaxLifetimeSeconds,
    database,
    redis,
    smtp,
    mailFrom,
    mailFromName: text('MAIL_FROM_NAME') ?? appName,
    corsOrigins: (text('CORS_ORIGINS') ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter(Boolean),
    returnOrigins,
    trustProxy,
    accessLog,
    passwordMinLength,
    rateLimits,
    outboxPollSeconds,
    webhook: webhook && { ...webhook, timeoutMs: webhookTimeoutMs },
    warnings,
  }
}

function webhookConfig(
  text: (name: string) => string | undefined,
  problems: string[],
  warnings: string[],
): { url: string; secret: string } | null {
  const url = text('WEBHOOK_URL')
  const secret = text('WEBHOOK_SECRET')
  if (Boolean(url) !== Boolean(secret)) {
    problems.push('WEBHOOK_URL and WEBHOOK_SECRET must be set together')
    return null
  }
  if (!url || !secret) return null
  if (!v.is(httpUrl, url)) {
    problems.push('WEBHOOK_URL must be an http(s) URL')
    return null
  }
  const keyBytes = webhookKeyBytes(secret)
  const [min, max] = WEBHOOK_KEY_BYTES
  if (keyBytes === null)
    problems.push('WEBHOOK_SECRET must look like whsec_<base64> (the Standard Webhooks format)')
  else if (keyBytes < min || keyBytes > max)
    problems.push(
      `WEBHOOK_SECRET must hold ${min} to ${max} bytes after whsec_ (it holds ${keyBytes})`,
    )
  // Signed, but the body names the user's email: in clear text only on a trusted network.
  if (/^http:\/\//i.test(url) && !isLoopbackUrl(url))
    warnings.push(
      'WEBHOOK_URL is plain http: event bodies (user emails) cross the network unencrypted',
    )
  return { url, secret }
}

/** The length of the key in `whsec_<base64>`, or null when it is not that shape. */
function webhookKeyBytes(secret: string): number | null {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret)
  if (!match || match[1]!.length % 4 !== 0) return null
  try {
    return atob(match[1]!).length
  } catch {
    return null
  }
}

function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return btoa(String.fromCharCode(...bytes))
}

function redisConfig(
  text: (name: string) => string | undefined,
  problems: string[],
  common: { timeoutMs: number; prefix: string },
): RedisConfig | null {
  const respUrl = text('REDIS_URL')
  const restUrl = text('UPSTASH_REDIS_REST_URL')
  const restToken = text('UPSTASH_REDIS_REST_TOKEN')
  if (respUrl && (restUrl || restToken)) {
    problems.push('REDIS_URL and UPSTASH_REDIS_REST_URL name two Redis servers: set one of them')
    return null
  }
  if (respUrl) {
    const problem = redisUrlProblem(respUrl)
    if (problem) problems.push(`REDIS_URL ${problem}`)
    return problem ? null : { transport: 'resp', url: respUrl, ...common }
  }
  if (Boolean(restUrl) !== Boolean(restToken))
    problems.push('UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together')
  if (restUrl && !v.is(httpUrl, restUrl))
    problems.push('UPSTASH_REDIS_REST_URL must be an http(s) URL')
  return restUrl && restToken
    ? { transport: 'rest', url: restUrl, token: restToken, ...common }
    : null
}

// redis://[user:password@]host[:port][/db] or rediss:// (TLS); the client reads the same parts.
function redisUrlProblem(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'is not a URL (redis://[user:password@]host[:port][/db])'
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    return 'must start with redis:// or rediss://'
  if (!url.hostname) return 'has no host'
  const db = url.pathname.replace(/^\//, '')
  if (db !== '' && !/^\d{1,5}$/.test(db)) return 'names a database that is not a number'
  return null
}

/** Each entry must be a bare http(s) origin: a path or userinfo there would be a mistake. */
function parseReturnOrigins(value: string | undefined, problems: string[]): string[] {
  const origins: string[] = []
  for (const entry of (value ?? '').split(',').map((o) => o.trim().replace(/\/+$/, ''))) {
    if (!entry) continue
    let origin: string | undefined
    try {
      const url = new URL(entry)
      const bare =
        url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password
      if (/^https?:$/.test(url.protocol) && bare && !entry.includes('?')) origin = url.origin
    } catch {}
    if (origin) origins.push(origin)
    else
      problems.push(
        `RETURN_ORIGINS entry "${entry}" must be an origin like https://app.example.com`,
      )
  }
  return origins
}

/**
 * The path of APP_URL, where every route lives. Plain segments only: a query or fragment would
 * end up inside every link, and an escaped character would compare differently before and after
 * the router decodes it.
 */
function parseBasePath(appUrl: string, problems: string[]): string {
  const url = new URL(appUrl)
  if (url.search || url.hash || appUrl.endsWith('?') || appUrl.endsWith('#')) {
    problems.push('APP_URL must not have a query or fragment')
    return ''
  }
  const path = url.pathname.replace(/\/+$/, '')
  if (path && !/^(\/[A-Za-z0-9._~-]+)+$/.test(path)) {
    problems.push('APP_URL path may only use letters, digits and - . _ ~ between slashes')
    return ''
  }
  return path
}
