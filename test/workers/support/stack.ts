// Test helper: a Worker under wrangler dev wired to the machine's Postgres, Redis (Upstash REST) and an SMTP server.

import { jsonCall, signUp } from '../../support/client'
import { startTestRedis, type TestRedis } from '../../support/redis-http'
import type { ReceivedMail, TestSmtpServer } from '../../support/smtp'
import { startSmtpServer } from '../../support/smtp'
import { freshDatabase, startWorker, type TestDatabase, type TestWorker } from './worker'

export const APP_URL = 'http://localhost:3000'
export const JWT_SECRET = 'workers-test-secret-workers-test-secret-0123'
export { STRONG_PASSWORD, uniqueEmail } from '../../support/client'

export interface Stack {
  worker: TestWorker
  database: TestDatabase
  smtp: TestSmtpServer
  redis: TestRedis | null
  /** The variables the Worker was started with (a Bun app given the same ones shares its state). */
  env: Record<string, string>
  client(ip?: string): HttpClient
  stop(): Promise<void>
}

const UNLIMITED = [
  'GLOBAL',
  'REGISTER',
  'LOGIN',
  'VERIFY_EMAIL',
  'PASSWORD_RESET',
  'PASSWORD_RESET_PER_EMAIL',
  'RESEND_VERIFICATION',
  'RESEND_VERIFICATION_PER_EMAIL',
  'RESET_PASSWORD',
]

/** Needs TEST_DATABASE_URL; TEST_REDIS_URL is optional (without it, the Worker's per-isolate memory stores). */
export async function startStack(extraEnv: Record<string, string> = {}): Promise<Stack> {
  const adminUrl = process.env.TEST_DATABASE_URL
  if (!adminUrl)
    throw new Error('TEST_WORKERS needs TEST_DATABASE_URL (a Postgres the Worker can reach)')
  const database = await freshDatabase(adminUrl)
  const smtp = await startSmtpServer()
  const redis = await startTestRedis({ timeoutMs: 5000 })
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    APP_URL,
    JWT_SECRET,
    DATABASE_URL: database.url,
    // 'localhost', not 127.0.0.1: the name the test certificate is checked against over STARTTLS.
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    SMTP_USERNAME: smtp.username,
    SMTP_PASSWORD: smtp.password,
    SMTP_TIMEOUT_MS: '5000',
    MAIL_FROM: 'no-reply@gatehouse.test',
    ...Object.fromEntries(UNLIMITED.map((rule) => [`RATE_LIMIT_${rule}`, '100000'])),
    RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '3/15m',
    ...(redis && {
      UPSTASH_REDIS_REST_URL: redis.url,
      UPSTASH_REDIS_REST_TOKEN: redis.token,
      REDIS_PREFIX: redis.prefix,
    }),
    ...extraEnv,
  }
  let worker: TestWorker
  try {
    // Under an APP_URL with a path, the probe lives under it too.
    worker = await startWorker(env, {
      healthPath: `${new URL(env.APP_URL!).pathname.replace(/\/$/, '')}/healthz`,
    })
  } catch (error) {
    await Promise.allSettled([smtp.stop(), redis?.cleanup(), database.drop()])
    throw error
  }
  return {
    worker,
    database,
    smtp,
    redis,
    env,
    client: (ip) => createClient(overHttp(worker.url), smtp, ip),
    async stop() {
      await worker.stop()
      await Promise.allSettled([smtp.stop(), redis?.cleanup(), database.drop()])
    },
  }
}

export interface HttpClient {
  request(path: string, init?: RequestInit): Promise<Response>
  json(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>
  /** Waits for the newest mail to `to` with `subject`, with the token of its link. */
  mail(to: string, subject: string): Promise<ReceivedMail & { token: string | undefined }>
  signUp(
    email?: string,
    password?: string,
  ): Promise<{
    email: string
    password: string
    userId: number
    accessToken: string
    cookie: string
  }>
}

/** Hands a request to an app: over HTTP to workerd, or in-process to a Bun app. */
export type Send = (path: string, init: RequestInit) => Promise<Response>

export const overHttp =
  (baseUrl: string): Send =>
  (path, init) =>
    fetch(`${baseUrl}${path}`, { ...init, redirect: 'manual' })

/**
 * wrangler dev passes a client's CF-Connecting-IP through (Cloudflare's edge overwrites
 * it), which gives each client its own IP on workerd; the Bun app ignores the header.
 */
export function createClient(
  send: Send,
  smtp: TestSmtpServer,
  ip = `10.1.${rand()}.${rand()}`,
): HttpClient {
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    if (!headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', ip)
    return send(path, { ...init, headers })
  }
  const self: HttpClient = {
    request,
    json: (method, path, body, headers = {}) =>
      jsonCall((req) => request(path, req), method, body, headers),
    async mail(to, subject) {
      const match = (m: ReceivedMail) => m.to.includes(to) && m.subject === subject
      await smtp.waitFor(match, 10_000)
      const mail = smtp.messages.filter(match).at(-1)!
      return { ...mail, token: /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] }
    },
    signUp: (email, password) => signUp(self, email, password),
  }
  return self
}

const rand = () => 1 + Math.floor(Math.random() * 250)
