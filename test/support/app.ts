// Builds the real app with real adapters for tests: PGlite or a fresh Postgres database, the
// in-memory stores or Redis through the Upstash REST server, and a real SMTP server.
import postgres from 'postgres'
import { createApp } from '../../src/app'
import { createJsonLog } from '../../src/adapters/json-log'
import { parseConfig } from '../../src/config'
import { type OpenDatabase, openDatabase } from '../../src/runtime/bun/database'
import { type BunDeps, createBunDeps } from '../../src/runtime/bun/deps'
import { startTestRedis, type TestRedis } from './redis-http'
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from './smtp'

export const APP_URL = 'http://localhost:3000'
export const STRONG_PASSWORD = 'correct horse battery staple'

/** Every log line any test app wrote in this process (checked for secrets). */
export const capturedLog: string[] = []

export class TestClock {
  offsetMs = 0
  now = () => new Date(Date.now() + this.offsetMs)
  advance(ms: number) {
    this.offsetMs += ms
  }
}

let shared: Promise<{ database: OpenDatabase; smtp: TestSmtpServer; redis: TestRedis | null; databaseUrl?: string }> | undefined
let instances = 0

/** One database, SMTP server and Redis endpoint per test process; each test app gets its own stores and clock. */
function sharedParts() {
  shared ??= (async () => {
    const databaseUrl = process.env.TEST_DATABASE_URL ? await freshPostgresDatabase(process.env.TEST_DATABASE_URL) : undefined
    const database = await openDatabase(databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dir: 'memory://' })
    await database.migrate()
    return { database, smtp: await startSmtpServer(), redis: await startTestRedis(), databaseUrl }
  })()
  return shared
}

/**
 * A new database per run, so runs never see each other's rows. Databases that earlier runs left
 * behind are dropped once they are a day old (never a live one: another process may be using it).
 */
async function freshPostgresDatabase(adminUrl: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    const stale = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'gatehouse_test_%'`
    const dayAgo = Date.now() - 86_400_000
    for (const { datname } of stale) {
      if (Number(datname.split('_')[2]) < dayAgo) await admin.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {})
    }
    const name = `gatehouse_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`
    await admin.unsafe(`create database "${name}"`)
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    return url.toString()
  } finally {
    await admin.end()
  }
}

/** The process's Redis endpoint (null without TEST_REDIS_URL). */
export async function testRedis(): Promise<TestRedis | null> {
  return (await sharedParts()).redis
}

export interface TestApp {
  app: ReturnType<typeof createApp>
  deps: BunDeps
  clock: TestClock
  smtp: TestSmtpServer
  log: string[]
  request(path: string, init?: RequestInit, ip?: string): Promise<Response>
  /** JSON request; `body` undefined sends no body. */
  json(method: string, path: string, body?: unknown, init?: { headers?: Record<string, string>; ip?: string }): Promise<{ status: number; body: any; headers: Headers }>
  /** Waits for the newest mail to `to` with `subject` and returns it with the token of its link. */
  mail(to: string, subject: string): Promise<ReceivedMail & { token: string | undefined }>
  /** Registers, verifies by the mailed link and logs in. */
  signUp(email?: string, password?: string): Promise<{ email: string; password: string; accessToken: string; cookie: string; userId: number }>
  close(): Promise<void>
}

export async function createTestApp(options: { env?: Record<string, string>; ip?: string } = {}): Promise<TestApp> {
  const parts = await sharedParts()
  const n = ++instances
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    APP_URL,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    SMTP_HOST: parts.smtp.host,
    SMTP_PORT: String(parts.smtp.port),
    SMTP_USERNAME: parts.smtp.username,
    SMTP_PASSWORD: parts.smtp.password,
    SMTP_TIMEOUT_MS: '3000',
    MAIL_FROM: 'no-reply@gatehouse.test',
    ...Object.fromEntries(
      ['GLOBAL', 'REGISTER', 'LOGIN', 'LOGIN_FAILURES_PER_EMAIL', 'VERIFY_EMAIL', 'PASSWORD_RESET', 'PASSWORD_RESET_PER_EMAIL', 'RESEND_VERIFICATION', 'RESEND_VERIFICATION_PER_EMAIL', 'RESET_PASSWORD'].map((r) => [`RATE_LIMIT_${r}`, '100000']),
    ),
    ...(parts.redis && { UPSTASH_REDIS_REST_URL: parts.redis.url, UPSTASH_REDIS_REST_TOKEN: parts.redis.token, REDIS_PREFIX: `${parts.redis.prefix}:${n}` }),
    ...(parts.databaseUrl && { DATABASE_URL: parts.databaseUrl }),
    ...options.env,
  }
  const config = parseConfig(env)
  const clock = new TestClock()
  const log: string[] = []
  const deps = await createBunDeps(config, {
    clock,
    database: parts.database,
    log: createJsonLog((line) => {
      log.push(line)
      capturedLog.push(line)
    }),
  })
  const app = createApp(() => deps)
  const defaultIp = options.ip ?? `10.0.${n % 250}.${Math.floor(Math.random() * 250)}`

  const request = (path: string, init?: RequestInit, ip = defaultIp) =>
    Promise.resolve(app.request(path, init, { server: { requestIP: () => ({ address: ip, family: 'IPv4', port: 40000 }) } }))

  const self: TestApp = {
    app,
    deps,
    clock,
    smtp: parts.smtp,
    log,
    request,
    async json(method, path, body, init = {}) {
      const headers: Record<string, string> = { accept: 'application/json', ...init.headers }
      if (body !== undefined) headers['content-type'] ??= 'application/json'
      const res = await request(path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) }, init.ip)
      const text = await res.text()
      let parsed: unknown = text
      try {
        parsed = JSON.parse(text)
      } catch {}
      return { status: res.status, body: parsed, headers: res.headers }
    },
    async mail(to, subject) {
      await deps.settled()
      const matches = () => parts.smtp.messages.filter((m) => m.to.includes(to) && m.subject === subject)
      await parts.smtp.waitFor((m) => m.to.includes(to) && m.subject === subject, 5000)
      const mail = matches().at(-1)!
      return { ...mail, token: /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] }
    },
    async signUp(email = uniqueEmail(), password = STRONG_PASSWORD) {
      const registered = await self.json('POST', '/register', { email, password })
      if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${JSON.stringify(registered.body)}`)
      const { token } = await self.mail(email, 'Verify your email address')
      const verified = await self.json('POST', '/verify-email', { token })
      if (verified.status !== 200) throw new Error(`verify failed: ${verified.status}`)
      const res = await request('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
      const body = (await res.json()) as { access_token: string }
      const cookie = /session_id=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? ''
      return { email, password, accessToken: body.access_token, cookie, userId: registered.body.user_id }
    },
    close: () => deps.close(),
  }
  return self
}

export function uniqueEmail(tag = 'user'): string {
  return `${tag}-${crypto.randomUUID().slice(0, 12)}@example.com`
}
