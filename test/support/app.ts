// Builds the real app with real adapters for tests: PGlite or a fresh Postgres database, the
// in-memory stores or Redis (RESP, or through the Upstash REST server), and a real SMTP server.

import { createJsonLog } from '../../src/adapters/json-log'
import { createApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { type OpenDatabase, openDatabase } from '../../src/runtime/bun/database'
import { type BunDeps, createBunDeps } from '../../src/runtime/bun/deps'
import { jsonCall, STRONG_PASSWORD, signUp, uniqueEmail } from './client'
import { freshDatabase } from './postgres'
import { startTestRedis, type TestRedis } from './redis-http'
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from './smtp'

export { STRONG_PASSWORD, uniqueEmail }
export const APP_URL = 'http://localhost:3000'
/** Every log line any test app wrote in this process (checked for secrets). */
export const capturedLog: string[] = []

export class TestClock {
  offsetMs = 0
  now = () => new Date(Date.now() + this.offsetMs)
  advance(ms: number) {
    this.offsetMs += ms
  }
}

let shared:
  | Promise<{
      database: OpenDatabase
      smtp: TestSmtpServer
      redis: TestRedis | null
      databaseUrl?: string
    }>
  | undefined
let instances = 0

/** One database, SMTP server and Redis endpoint per test process; each test app gets its own stores and clock. */
function sharedParts() {
  shared ??= (async () => {
    // A database per run, so runs never see each other's rows.
    const databaseUrl = process.env.TEST_DATABASE_URL
      ? (await freshDatabase(process.env.TEST_DATABASE_URL, 'gatehouse_test_')).url
      : undefined
    const database = await openDatabase(
      databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dir: 'memory://' },
    )
    if (!databaseUrl) await database.migrate()
    return { database, smtp: await startSmtpServer(), redis: await startTestRedis(), databaseUrl }
  })()
  return shared
}

/** The process's database, shared by every test app (for checks on the rows themselves). */
export async function testDatabase(): Promise<OpenDatabase> {
  return (await sharedParts()).database
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
  json(
    method: string,
    path: string,
    body?: unknown,
    init?: { headers?: Record<string, string>; ip?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>
  /**
   * Waits for the newest mail to `to` with `subject` and returns it with the token of its link
   * and the one-time code beside it (as shown, XXXX-XXXX).
   */
  mail(
    to: string,
    subject: string,
  ): Promise<ReceivedMail & { token: string | undefined; code: string | undefined }>
  /** Registers, verifies by the mailed link and logs in. */
  signUp(
    email?: string,
    password?: string,
  ): Promise<{
    email: string
    password: string
    accessToken: string
    cookie: string
    userId: number
  }>
  close(): Promise<void>
}

export async function createTestApp(
  options: { env?: Record<string, string>; ip?: string } = {},
): Promise<TestApp> {
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
      [
        'GLOBAL',
        'REGISTER',
        'LOGIN',
        'LOGIN_FAILURES_PER_EMAIL',
        'VERIFY_EMAIL',
        'PASSWORD_RESET',
        'PASSWORD_RESET_PER_EMAIL',
        'RESEND_VERIFICATION',
        'RESEND_VERIFICATION_PER_EMAIL',
        'RESET_PASSWORD',
        'CONFIRM_EMAIL_CHANGE',
      ].map((r) => [`RATE_LIMIT_${r}`, '100000']),
    ),
    // A test naming its own Redis (a server it stops, a tarpit) gets only that one.
    ...(parts.redis &&
      !options.env?.UPSTASH_REDIS_REST_URL &&
      !options.env?.REDIS_URL &&
      parts.redis.appEnv),
    ...(parts.redis && { REDIS_PREFIX: `${parts.redis.prefix}:${n}` }),
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
  const app = createApp(() => deps, config.basePath)
  const defaultIp = options.ip ?? `10.0.${n % 250}.${Math.floor(Math.random() * 250)}`

  const request = (path: string, init?: RequestInit, ip = defaultIp) =>
    Promise.resolve(
      app.request(path, init, {
        server: { requestIP: () => ({ address: ip, family: 'IPv4', port: 40000 }) },
      }),
    )

  const self: TestApp = {
    app,
    deps,
    clock,
    smtp: parts.smtp,
    log,
    request,
    json: (method, path, body, init = {}) =>
      jsonCall((req) => request(path, req, init.ip), method, body, init.headers),
    async mail(to, subject) {
      await deps.settled()
      const matches = () =>
        parts.smtp.messages.filter((m) => m.to.includes(to) && m.subject === subject)
      await parts.smtp.waitFor((m) => m.to.includes(to) && m.subject === subject, 5000)
      const mail = matches().at(-1)!
      return {
        ...mail,
        token: /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1],
        code: /^([0-9A-Z]{4}-[0-9A-Z]{4})$/m.exec(mail.text)?.[1],
      }
    },
    signUp: (email, password) => signUp(self, email, password),
    close: () => deps.close(),
  }
  return self
}
