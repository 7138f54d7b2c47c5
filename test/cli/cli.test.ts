// The operator command line as a subprocess, on the Postgres and Redis a running app instance uses.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import {
  createTestApp,
  STRONG_PASSWORD,
  type TestApp,
  testDatabase,
  uniqueEmail,
} from '../support/app'
import { testCaPath } from '../support/smtp'

const shared = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL)
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))

interface Run {
  code: number
  stdout: string
  stderr: string
}

describe.skipIf(!shared)('gatehouse CLI against a running instance', () => {
  let app: TestApp
  let env: Record<string, string>
  const outputs: string[] = []

  const cli = async (...args: string[]): Promise<Run> => {
    const proc = Bun.spawn(['bun', MAIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdout: 'pipe',
      stderr: 'pipe',
    })
    const [stdout, stderr, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ])
    outputs.push(stdout, stderr)
    return { code, stdout, stderr }
  }
  const me = (headers: Record<string, string>) =>
    app.json('GET', '/me', undefined, { headers }).then((r) => r.status)

  beforeAll(async () => {
    app = await createTestApp()
    const { config } = app.deps
    if (config.database.kind !== 'postgres' || !config.redis)
      throw new Error('needs Postgres + Redis')
    env = {
      NODE_ENV: 'test',
      APP_URL: config.appUrl,
      JWT_SECRET: config.jwtSecret,
      DATABASE_URL: config.database.url,
      ...(config.redis.transport === 'resp'
        ? { REDIS_URL: config.redis.url }
        : {
            UPSTASH_REDIS_REST_URL: config.redis.url,
            UPSTASH_REDIS_REST_TOKEN: config.redis.token,
          }),
      REDIS_PREFIX: config.redis.prefix,
      MAIL_FROM: 'no-reply@gatehouse.test',
      SMTP_HOST: app.smtp.host,
      SMTP_PORT: String(app.smtp.port),
      SMTP_USERNAME: app.smtp.username,
      SMTP_PASSWORD: app.smtp.password,
      NODE_EXTRA_CA_CERTS: testCaPath,
    }
  })
  afterAll(() => app.close())

  test('deactivate ends the bearer and the cookie at once; reactivate lets the user log in again', async () => {
    const { email, password, accessToken, cookie } = await app.signUp()
    expect(await me({ authorization: `Bearer ${accessToken}` })).toBe(200)
    const run = await cli('users', 'deactivate', email)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`deactivated ${email}`)
    expect(run.stderr).toContain('"event":"admin.deactivate"')
    expect(await me({ authorization: `Bearer ${accessToken}` })).toBe(401)
    expect(await me({ cookie: `session_id=${cookie}` })).toBe(401)
    expect((await app.json('POST', '/login', { email, password })).status).not.toBe(200)

    expect((await cli('users', 'reactivate', email)).code).toBe(0)
    expect((await app.json('POST', '/login', { email, password })).status).toBe(200)
  })

  test('delete ends the sessions at once and the email registers again', async () => {
    const { email, accessToken } = await app.signUp()
    const run = await cli('users', 'delete', email, '--yes', '--json')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ deleted: { email } })
    expect(run.stderr).toContain('"event":"admin.delete"')
    expect(await me({ authorization: `Bearer ${accessToken}` })).toBe(401)
    expect((await cli('users', 'show', email)).code).toBe(1)
    expect((await app.json('POST', '/register', { email, password: STRONG_PASSWORD })).status).toBe(
      201,
    )
  })

  test('verify lets a user log in without the mail', async () => {
    const email = uniqueEmail('cli-verify')
    expect((await app.json('POST', '/register', { email, password: STRONG_PASSWORD })).status).toBe(
      201,
    )
    expect((await app.json('POST', '/login', { email, password: STRONG_PASSWORD })).status).toBe(
      401,
    )
    const run = await cli('users', 'verify', email, '--json')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({
      user: { email, verified: true },
      alreadyVerified: false,
    })
    expect((await app.json('POST', '/login', { email, password: STRONG_PASSWORD })).status).toBe(
      200,
    )
  })

  test('revoke-sessions ends every session; the account stays active', async () => {
    const { email, password, accessToken } = await app.signUp()
    const run = await cli('users', 'revoke-sessions', email, '--json')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).sessionsRevoked).toBeGreaterThanOrEqual(1)
    expect(await me({ authorization: `Bearer ${accessToken}` })).toBe(401)
    expect((await app.json('POST', '/login', { email, password })).status).toBe(200)
  })

  test('--json output parses for list, show and mail list', async () => {
    const { email, userId } = await app.signUp()
    const list = await cli('users', 'list', '--search', email, '--json')
    expect(list.code).toBe(0)
    expect(JSON.parse(list.stdout).users).toEqual([
      expect.objectContaining({ id: userId, email, verified: true, active: true }),
    ])
    const show = await cli('users', 'show', email, '--json')
    expect(show.code).toBe(0)
    const shown = JSON.parse(show.stdout)
    expect(shown.user).toMatchObject({ id: userId, email })
    expect(shown.mails.length).toBeGreaterThanOrEqual(1)
    const mails = await cli('mail', 'list', '--to', email, '--json')
    expect(mails.code).toBe(0)
    expect(JSON.parse(mails.stdout).mails[0]).toMatchObject({ kind: 'verify_email', to: email })
    const human = await cli('users', 'list', '--search', email)
    expect(human.stdout).toMatch(/^id\s+email\s+verified\s+active\s+created/)
  })

  test('exit codes: 0 help, 1 not found, 2 bad usage', async () => {
    expect((await cli('--help')).code).toBe(0)
    expect((await cli('users', 'deactivate', '--help')).code).toBe(0)
    expect((await cli('users', 'show', uniqueEmail('nobody'))).code).toBe(1)
    expect((await cli('users', 'deactivate', uniqueEmail('nobody'))).code).toBe(1)
    expect((await cli('mail', 'retry', '999999999')).code).toBe(1)
    expect((await cli()).code).toBe(2)
    expect((await cli('frobnicate')).code).toBe(2)
    expect((await cli('users', 'show')).code).toBe(2)
    expect((await cli('users', 'list', '--limit', 'many')).code).toBe(2)
    expect((await cli('users', 'list', '--bogus')).code).toBe(2)
    const del = await cli('users', 'delete', 'a@b.test')
    expect(del.code).toBe(2)
    expect(del.stderr).toContain('--yes')
    expect((await cli('users', 'delete', uniqueEmail('nobody'), '--yes')).code).toBe(1)
    const json = await cli('users', 'show', uniqueEmail('nobody'), '--json')
    expect(JSON.parse(json.stdout)).toMatchObject({ exitCode: 1 })
  })

  test('a command that ends sessions refuses in-memory stores', async () => {
    const saved = env
    env = { ...env, REDIS_URL: '', UPSTASH_REDIS_REST_URL: '', UPSTASH_REDIS_REST_TOKEN: '' }
    try {
      const run = await cli('users', 'revoke-sessions', 'a@b.test')
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('Redis')
    } finally {
      env = saved
    }
  })

  test('mail retry puts a failed mail back and sends it now; db migrate answers 0', async () => {
    const { email } = await app.signUp()
    const { db } = await testDatabase()
    await db.execute(
      sql`update mail_outbox set status = 'failed', last_error = 'test' where address = ${email}`,
    )
    const failed = JSON.parse(
      (await cli('mail', 'list', '--failed', '--to', email, '--json')).stdout,
    )
    expect(failed.mails).toHaveLength(1)
    const id = String(failed.mails[0].id)
    const before = app.smtp.messages.filter((m) => m.to.includes(email)).length
    const run = await cli('mail', 'retry', id, '--json')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({
      retried: [{ id: Number(id), delivered: true }],
      delivered: 1,
    })
    expect(run.stderr).toContain('"event":"admin.mail_retry"')
    await app.smtp.waitFor((m) => m.to.includes(email), 5000)
    expect(app.smtp.messages.filter((m) => m.to.includes(email)).length).toBe(before + 1)
    const after = JSON.parse((await cli('mail', 'list', '--to', email, '--json')).stdout)
    expect(after.mails[0]).toMatchObject({ state: 'sent' })
    expect((await cli('mail', 'retry', id)).code).toBe(1)
    const migrate = await cli('db', 'migrate', '--json')
    expect(migrate.code).toBe(0)
    expect(JSON.parse(migrate.stdout)).toEqual({ migrated: true, database: 'postgres' })
  })

  test('mail retry refuses to run without SMTP (the dev mailbox would print links)', async () => {
    const saved = env
    env = { ...env, SMTP_HOST: '', SMTP_PORT: '', SMTP_USERNAME: '', SMTP_PASSWORD: '' }
    try {
      const run = await cli('mail', 'retry', '--failed')
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('SMTP')
    } finally {
      env = saved
    }
  })

  test('no output ever holds a token or a link', async () => {
    const { email, accessToken, cookie } = await app.signUp()
    await cli('users', 'show', email)
    await cli('mail', 'list', '--to', email)
    await cli('mail', 'list', '--to', email, '--json')
    const text = outputs.join('\n')
    expect(text).not.toContain(accessToken)
    expect(text).not.toContain(cookie)
    expect(text).not.toMatch(/token=|https?:\/\/[^\s"]*verify/)
    // The Redis credential of either transport: the REST token, or the password in REDIS_URL.
    const redisSecret = env.UPSTASH_REDIS_REST_TOKEN ?? new URL(env.REDIS_URL!).password
    if (redisSecret) expect(text).not.toContain(redisSecret)
  })
})
