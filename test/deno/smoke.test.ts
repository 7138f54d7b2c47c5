// The seed flow on Deno: the same app from src/runtime/deno/main.ts, on Postgres, Redis and SMTP
// with STARTTLS, mounted under APP_URL's path (/auth), which the root-path runtimes do not cover.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import { createNativeArgon2 } from '../../src/runtime/bun/argon2'
import { startTestRedis, type TestRedis } from '../support/redis-http'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp'
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhooks'
import { createClient, type HttpClient, overHttp, uniqueEmail } from '../workers/support/stack'
import { freshDatabase, TEST_CA, type TestDatabase } from '../workers/support/worker'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const PASSWORD = 'pässwörd über 🐴🔋 lang genug'
const BASE = '/auth'

describe.skipIf(!process.env.TEST_WORKERS)('Deno (Deno.serve)', () => {
  let database: TestDatabase
  let smtp: TestSmtpServer
  let redis: TestRedis | null
  let receiver: WebhookReceiver
  let deno: ChildProcess
  const output: string[] = []
  let t: HttpClient
  let outside: HttpClient

  beforeAll(async () => {
    if (!process.env.TEST_DATABASE_URL) throw new Error('TEST_WORKERS needs TEST_DATABASE_URL')
    database = await freshDatabase(process.env.TEST_DATABASE_URL)
    smtp = await startSmtpServer()
    redis = await startTestRedis({ timeoutMs: 5000 })
    receiver = await startWebhookReceiver()
    const port = 20000 + Math.floor(Math.random() * 20000)
    // The flags of `deno task start` (deno.json), without the task runner, which needs a deno on PATH.
    deno = spawn(
      join('node_modules/.bin/deno'),
      [
        'run',
        '--allow-net',
        '--allow-env',
        '--allow-read',
        '--allow-sys',
        'src/runtime/deno/main.ts',
      ],
      {
        cwd: ROOT,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          // Deno adds these CAs to its root store for every TLS connection (Deno.startTls included).
          DENO_CERT: TEST_CA,
          DENO_NO_UPDATE_CHECK: '1',
          NO_COLOR: '1',
          NODE_ENV: 'test',
          PORT: String(port),
          APP_URL: `http://localhost:3000${BASE}`,
          JWT_SECRET: 'deno-test-secret-deno-test-secret-0123456789',
          DATABASE_URL: database.url,
          SMTP_HOST: smtp.host,
          SMTP_PORT: String(smtp.port),
          SMTP_USERNAME: smtp.username,
          SMTP_PASSWORD: smtp.password,
          MAIL_FROM: 'no-reply@gatehouse.test',
          WEBHOOK_URL: receiver.url,
          WEBHOOK_SECRET: receiver.secret,
          // RESP straight to Redis, or the Upstash REST server: as this run's transport says.
          ...(redis && { ...redis.appEnv, REDIS_PREFIX: redis.prefix }),
        },
      },
    )
    for (const stream of [deno.stdout!, deno.stderr!])
      stream.on('data', (chunk: Buffer) =>
        output.push(...chunk.toString().split('\n').filter(Boolean)),
      )
    const origin = `http://127.0.0.1:${port}`
    const url = `${origin}${BASE}`
    const deadline = Date.now() + 60_000
    while (
      !(await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (deno.exitCode !== null || Date.now() > deadline)
        throw new Error(`deno did not start:\n${output.join('\n')}`)
      await Bun.sleep(250)
    }
    t = createClient(overHttp(url), smtp, '127.0.0.1')
    outside = createClient(overHttp(origin), smtp, '127.0.0.1')
  }, 90_000)

  afterAll(async () => {
    if (deno?.pid && deno.exitCode === null) {
      const exited = new Promise((resolve) => deno.once('exit', resolve))
      process.kill(-deno.pid, 'SIGTERM')
      await Promise.race([exited, Bun.sleep(5000)])
    }
    await Promise.allSettled([smtp?.stop(), redis?.cleanup(), database?.drop(), receiver?.stop()])
  }, 30_000)

  test('only the base path answers: outside it the contract 404', async () => {
    expect(await outside.json('GET', '/healthz')).toMatchObject({
      status: 404,
      body: { detail: 'Not Found' },
    })
    const page = await t.request('/login', { headers: { accept: 'text/html' } })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(`action="${BASE}/login"`)
  })

  test('register → mail over STARTTLS → verify → login → me → logout', async () => {
    expect(await t.json('GET', '/readyz')).toMatchObject({
      status: 200,
      body: { checks: { database: 'ok', redis: redis ? 'ok' : 'memory' } },
    })
    if (redis) expect(output.join('\n')).toContain(`"redis":"${redis.transport}"`)
    const email = uniqueEmail('deno')
    const registered = await t.json('POST', '/register', { email, password: PASSWORD })
    expect(registered).toMatchObject({ status: 201, body: { email_sent: true } })
    const mail = await t.mail(email, 'Verify your email address')
    expect(mail.secure).toBe(true)
    expect(mail.text).toContain(`http://localhost:3000${BASE}/verify-email?token=`)
    expect(await t.json('POST', '/verify-email', { token: mail.token })).toMatchObject({
      status: 200,
      body: { message: 'Email verified successfully' },
    })

    expect(
      (await t.json('POST', '/login', { email, password: 'not the right password' })).status,
    ).toBe(401)
    const login = await t.json('POST', '/login', { email, password: PASSWORD })
    expect(login.status).toBe(200)
    const auth = { authorization: `Bearer ${login.body.access_token}` }
    expect(await t.json('GET', '/me', undefined, auth)).toMatchObject({
      status: 200,
      body: { id: registered.body.user_id, email, is_active: true, is_verified: true },
    })
    expect((await t.json('POST', '/logout', undefined, auth)).status).toBe(200)
    expect((await t.json('GET', '/me', undefined, auth)).status).toBe(401)

    // The hash Deno's WebAssembly argon2 wrote is one Bun's native argon2 reads.
    const sql = postgres(database.url, { max: 1, onnotice: () => {} })
    const [row] = await sql<
      { password_hash: string }[]
    >`select password_hash from users where email = ${email}`
    await sql.end()
    expect(await createNativeArgon2().verify(row!.password_hash, PASSWORD.normalize('NFKC'))).toBe(
      true,
    )

    // Signed on Deno by standardwebhooks, verified here by the same package.
    for (const type of ['user.created', 'user.verified']) {
      const hook = await receiver.waitFor(
        (w) => w.event?.type === type && w.event.data.user_id === registered.body.user_id,
      )
      expect(hook).toMatchObject({ status: 204, event: { data: { email } } })
    }
  })
})

function join(path: string): string {
  return `${ROOT}${path}`
}
