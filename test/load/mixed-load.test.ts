// A few thousand mixed requests at concurrency 50 against the app in its own process, over real
// sockets: zero 5xx, and every accepted registration gets exactly one verification mail.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { STRONG_PASSWORD, uniqueEmail } from '../support/app'
import { freshDatabase } from '../support/postgres'
import { startSmtpServer, type TestSmtpServer, testCaPath } from '../support/smtp'

const TOTAL = Number(process.env.LOAD_REQUESTS ?? 2000)
const CONCURRENCY = 50
let smtp: TestSmtpServer
let server: ReturnType<typeof Bun.spawn>
let baseUrl: string
let cleanup: () => Promise<void>
let outboxRows: (
  emails: string[],
) => Promise<{ address: string; status: string; attempts: number }[]>

beforeAll(async () => {
  smtp = await startSmtpServer()
  const port = 30000 + Math.floor(Math.random() * 20000)
  baseUrl = `http://127.0.0.1:${port}`
  const pgliteDir = mkdtempSync(join(tmpdir(), 'gatehouse-load-'))
  // The app migrates at start, as `npm start` does.
  const database = process.env.TEST_DATABASE_URL
    ? await freshDatabase(process.env.TEST_DATABASE_URL, 'gatehouse_load_', { migrate: false })
    : undefined
  const databaseUrl = database?.url
  const limits = [
    'GLOBAL',
    'REGISTER',
    'LOGIN',
    'LOGIN_FAILURES_PER_EMAIL',
    'PASSWORD_RESET',
    'PASSWORD_RESET_PER_EMAIL',
    'RESEND_VERIFICATION',
    'RESEND_VERIFICATION_PER_EMAIL',
  ]
  server = Bun.spawn([process.execPath, 'src/runtime/bun/main.ts'], {
    cwd: join(import.meta.dir, '../..'),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      APP_URL: baseUrl,
      JWT_SECRET: 'load-test-secret-load-test-secret-0123456789',
      PGLITE_DIR: pgliteDir,
      DATABASE_URL: databaseUrl ?? '',
      SMTP_HOST: 'localhost',
      SMTP_PORT: String(smtp.port),
      SMTP_USERNAME: smtp.username,
      SMTP_PASSWORD: smtp.password,
      NODE_EXTRA_CA_CERTS: testCaPath,
      OUTBOX_POLL_SECONDS: '1',
      UPSTASH_REDIS_REST_URL: '',
      REDIS_URL: '',
      ...Object.fromEntries(limits.map((l) => [`RATE_LIMIT_${l}`, '1000000'])),
    },
    stdout: 'ignore',
    stderr: 'pipe',
  })
  outboxRows = async (emails) => {
    if (databaseUrl) {
      const db = postgres(databaseUrl, { max: 1, onnotice: () => {} })
      try {
        return await db<
          { address: string; status: string; attempts: number }[]
        >`select address, status, attempts from mail_outbox where kind = 'verify_email' and address in ${db(emails)}`
      } finally {
        await db.end()
      }
    }
    const { PGlite } = await import('@electric-sql/pglite')
    const db = new PGlite(pgliteDir)
    try {
      const result = await db.query<{ address: string; status: string; attempts: number }>(
        `select address, status, attempts from mail_outbox where kind = 'verify_email' and address = any($1)`,
        [emails],
      )
      return result.rows
    } finally {
      await db.close()
    }
  }
  cleanup = async () => {
    server.kill()
    await server.exited
    rmSync(pgliteDir, { recursive: true, force: true })
    await database?.drop()
  }
  // A fresh PGlite migrates at start: 10-15 s when the machine's other cores are busy.
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) break
    if (
      await fetch(`${baseUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return
    await Bun.sleep(100)
  }
  throw new Error('the app did not start')
}, 70_000)

afterAll(async () => {
  await cleanup?.()
  await smtp?.stop()
})

type Job = () => Promise<{ status: number; registered?: string }>

describe('mixed load from a second process', () => {
  test(`${TOTAL} requests at concurrency ${CONCURRENCY}: no 5xx, no lost mail`, async () => {
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      })
    const taken = uniqueEmail('taken')
    const jobs: Job[] = Array.from({ length: TOTAL }, (_, i): Job => {
      switch (i % 10) {
        case 0:
        case 1: {
          const email = i % 20 === 0 ? taken : uniqueEmail('load')
          return async () => {
            const res = await post('/register', { email, password: STRONG_PASSWORD })
            return { status: res.status, registered: res.status === 201 ? email : undefined }
          }
        }
        case 2:
          return async () => ({
            status: (
              await post('/login', {
                email: uniqueEmail('ghost'),
                password: 'not the password at all',
              })
            ).status,
          })
        case 3:
        case 4:
          return async () => ({
            status: (await fetch(`${baseUrl}/me`, { headers: { authorization: 'Bearer nope' } }))
              .status,
          })
        case 5:
          return async () => ({
            status: (await post('/request-password-reset', { email: uniqueEmail('nobody') }))
              .status,
          })
        case 6:
          return async () => ({
            status: (await post('/verify-email', { token: 'A'.repeat(43) })).status,
          })
        case 7:
          return async () => ({ status: (await post('/login', '{"email": [')).status })
        case 8:
          return async () => ({
            status: (await fetch(`${baseUrl}/`, { headers: { accept: 'text/html' } })).status,
          })
        default:
          return async () => ({ status: (await fetch(`${baseUrl}/readyz`)).status })
      }
    })
    const results: { status: number; registered?: string }[] = []
    let next = 0
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!
          results.push(await job())
        }
      }),
    )
    expect(results).toHaveLength(TOTAL)
    expect(results.filter((r) => r.status >= 500)).toEqual([])
    const registered = results.flatMap((r) => (r.registered ? [r.registered] : []))
    expect(registered.length).toBeGreaterThan(TOTAL / 10)

    // Let the outbox settle, then stop the app and read its database: every accepted registration
    // has exactly one verification mail, delivered or still pending (none lost, none doubled).
    for (let i = 0; i < 600; i++) {
      const ready = (await (await fetch(`${baseUrl}/readyz`)).json()) as {
        outbox: { pending: number }
      }
      if (ready.outbox.pending === 0) break
      await Bun.sleep(100)
    }
    server.kill('SIGTERM')
    await server.exited
    const rows = await outboxRows(registered)
    const byAddress = new Map<string, { status: string; attempts: number }[]>()
    for (const row of rows) byAddress.set(row.address, [...(byAddress.get(row.address) ?? []), row])
    const wrong = registered.filter(
      (email) => (byAddress.get(email) ?? []).filter((r) => r.status !== 'superseded').length !== 1,
    )
    expect(wrong).toEqual([])
    const received = (email: string) =>
      smtp.messages.filter(
        (m) => m.subject === 'Verify your email address' && m.envelope.to.includes(email),
      ).length
    for (const email of registered) {
      const [row] = byAddress.get(email)!
      if (row!.status === 'sent') expect(received(email)).toBeGreaterThanOrEqual(1)
      // SMTP is at-least-once: a second copy only where an attempt timed out after the server took it.
      if (row!.attempts === 1) expect(received(email)).toBeLessThanOrEqual(1)
    }
  }, 180_000)
})
