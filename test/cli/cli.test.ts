// The operator command line as a subprocess, on the Postgres and Redis a running app instance uses.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'drizzle-orm'
import { drainOutbox } from '../../src/mail/outbox'
import {
  createTestApp,
  STRONG_PASSWORD,
  type TestApp,
  testDatabase,
  uniqueEmail,
} from '../support/app'
import { type CliRun, runCli } from '../support/cli'
import { startSmtpServer, testCaPath } from '../support/smtp'
import { startWebhookReceiver } from '../support/webhooks'

const shared = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL)

describe.skipIf(!shared)('gatehouse CLI against a running instance', () => {
  let app: TestApp
  let env: Record<string, string>
  const outputs: string[] = []

  const cli = async (...args: string[]): Promise<CliRun> => {
    const run = await runCli(args, env)
    outputs.push(run.stdout, run.stderr)
    return run
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
      for (const args of [
        ['users', 'revoke-sessions', 'a@b.test'],
        ['users', 'deactivate', 'a@b.test'],
        ['users', 'delete', 'a@b.test', '--yes'],
      ]) {
        const run = await cli(...args)
        expect(run.code).toBe(2)
        expect(run.stderr).toContain('sessions, which live in the Redis the servers share')
        expect(run.stderr).toContain('each server keeps its sessions in its own memory')
      }
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

  test('users show lists the live sessions (public id, never the cookie); list has the last log-in', async () => {
    const { email, cookie, accessToken } = await app.signUp()
    await app.deps.settled()
    const list = JSON.parse((await cli('users', 'list', '--search', email, '--json')).stdout)
    const lastLogin = new Date(list.users[0].lastLogin).getTime()
    expect(Math.abs(lastLogin - Date.now())).toBeLessThan(60_000)
    const human = await cli('users', 'list', '--search', email)
    expect(human.stdout).toMatch(/^id\s+email\s+verified\s+active\s+created\s+last log-in\n/)

    const mine = await app.json('GET', '/account/sessions', undefined, {
      headers: { authorization: `Bearer ${accessToken}` },
    })
    expect(mine.status).toBe(200)
    const shown = JSON.parse((await cli('users', 'show', email, '--json')).stdout)
    expect(shown.sessions).toHaveLength(1)
    expect(Object.keys(shown.sessions[0]).sort()).toEqual([
      'created',
      'device',
      'id',
      'ip',
      'lastSeen',
    ])
    // The same public id the user's own session list shows.
    expect(mine.body.sessions.map((s: { id: string }) => s.id)).toEqual([shown.sessions[0].id])
    expect(shown.sessions[0].ip).toMatch(/^10\.0\./)
    expect(shown.user.lastLogin).toBeTruthy()
    const text = await cli('users', 'show', email)
    expect(text.stdout).toContain('live sessions:')
    expect(text.stdout).toContain(shown.sessions[0].id)
    expect(text.stdout + JSON.stringify(shown)).not.toContain(cookie)

    expect((await cli('users', 'revoke-sessions', email)).code).toBe(0)
    expect(JSON.parse((await cli('users', 'show', email, '--json')).stdout).sessions).toEqual([])
  })

  test('mail list and retry with the SMTP server stopped, then back', async () => {
    const own = await startSmtpServer()
    const mailApp = await createTestApp({
      env: {
        SMTP_HOST: own.host,
        SMTP_PORT: String(own.port),
        SMTP_USERNAME: own.username,
        SMTP_PASSWORD: own.password,
      },
    })
    const saved = env
    env = {
      ...env,
      SMTP_HOST: own.host,
      SMTP_PORT: String(own.port),
      SMTP_USERNAME: own.username,
      SMTP_PASSWORD: own.password,
    }
    try {
      await own.stop()
      const email = uniqueEmail('cli-smtp')
      const registered = await mailApp.json('POST', '/register', {
        email,
        password: STRONG_PASSWORD,
      })
      expect(registered.status).toBe(201)
      await mailApp.deps.settled()
      const pending = JSON.parse(
        (await cli('mail', 'list', '--pending', '--to', email, '--json')).stdout,
      ).mails
      expect(pending).toEqual([
        expect.objectContaining({ kind: 'verify_email', state: 'pending', attempts: 1 }),
      ])
      expect(pending[0].lastError).toBeTruthy()

      // A day of the server down: the outbox gives up and the mail is failed.
      mailApp.clock.advance(25 * 3600_000)
      await drainOutbox(mailApp.deps)
      const failedRun = await cli('mail', 'list', '--failed', '--to', email)
      expect(failedRun.code).toBe(0)
      expect(failedRun.stdout).toMatch(/verify_email\s+\S+\s+failed\s+2\s+\S/)
      const [failed] = JSON.parse(
        (await cli('mail', 'list', '--failed', '--to', email, '--json')).stdout,
      ).mails
      expect(failed).toMatchObject({ state: 'failed', attempts: 2, sent: null })
      expect(failedRun.stdout).toContain(failed.lastError.split(' ')[0])
      const id = String(failed.id)

      // Retried while the server is still down: reported as not delivered, kept for later.
      const stillDown = await cli('mail', 'retry', id)
      expect(stillDown.code).toBe(0)
      expect(stillDown.stdout).toContain('0 of 1 delivered')
      expect(own.messages).toHaveLength(0)

      await own.start()
      const back = await cli('mail', 'retry', id, '--json')
      expect(back.code).toBe(0)
      expect(JSON.parse(back.stdout)).toEqual({
        retried: [{ id: Number(id), delivered: true }],
        delivered: 1,
        notDelivered: 0,
      })
      const delivered = await own.waitFor((m) => m.to.includes(email), 5000)
      const token = /[?&]token=([A-Za-z0-9_-]+)/.exec(delivered.text)?.[1]
      expect(token).toBeTruthy()
      expect(outputs.join('\n')).not.toContain(token!)
      const after = JSON.parse((await cli('mail', 'list', '--to', email, '--json')).stdout)
      expect(after.mails[0]).toMatchObject({ state: 'sent' })
      // The mailed link works (on an instance whose clock was not moved a day on).
      expect((await app.json('POST', '/verify-email', { token })).status).toBe(200)
    } finally {
      env = saved
      await mailApp.close()
      await own.stop()
    }
  })

  test('every change logs admin.<action>, emits its webhook, and --json parses', async () => {
    const receiver = await startWebhookReceiver()
    const hookEnv = { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: receiver.secret }
    const hookApp = await createTestApp({ env: hookEnv })
    const saved = env
    env = { ...env, ...hookEnv }
    try {
      const email = uniqueEmail('cli-hooks')
      const registered = await hookApp.json('POST', '/register', {
        email,
        password: STRONG_PASSWORD,
      })
      const userId = registered.body.user_id as number
      const steps: [string[], string, string][] = [
        [['users', 'verify', email], 'admin.verify', 'user.verified'],
        [['users', 'revoke-sessions', email], 'admin.revoke_sessions', 'user.sessions_revoked'],
        [['users', 'deactivate', email], 'admin.deactivate', 'user.deactivated'],
        [['users', 'reactivate', email], 'admin.reactivate', 'user.reactivated'],
        [['users', 'delete', email, '--yes'], 'admin.delete', 'user.deleted'],
      ]
      for (const [args, logEvent, hook] of steps) {
        const run = await cli(...args, '--json')
        expect(run.code).toBe(0)
        expect(() => JSON.parse(run.stdout)).not.toThrow()
        expect(run.stderr).toContain(`"event":"${logEvent}"`)
        // Delivered by the command itself before it exits.
        const received = await receiver.waitFor(
          (w) => w.event?.type === hook && w.event.data.user_id === userId,
          3000,
        )
        expect(received.event?.data.email).toBe(email)
      }
      expect(receiver.forUser(userId).map((w) => w.event!.type)).toEqual([
        'user.created',
        ...steps.map((s) => s[2]),
      ])
    } finally {
      env = saved
      await hookApp.close()
      await receiver.stop()
    }
  })

  test('--help for every command (0, and a JSON document with --json); bad usage is 2', async () => {
    const commands = [
      ['users', 'list'],
      ['users', 'show'],
      ['users', 'deactivate'],
      ['users', 'reactivate'],
      ['users', 'verify'],
      ['users', 'revoke-sessions'],
      ['users', 'delete'],
      ['mail', 'list'],
      ['mail', 'retry'],
      ['db', 'migrate'],
    ]
    for (const command of commands) {
      const help = await cli(...command, '--help')
      expect(help.code).toBe(0)
      expect(help.stdout.startsWith(`gatehouse ${command.join(' ')}`)).toBe(true)
      const json = await cli(...command, '--help', '--json')
      expect(json.code).toBe(0)
      expect(JSON.parse(json.stdout).help).toStartWith(`gatehouse ${command.join(' ')}`)
      const bad = await cli(...command, '--bogus', '--json')
      expect(bad.code).toBe(2)
      expect(JSON.parse(bad.stdout)).toEqual({ error: expect.any(String), exitCode: 2 })
      expect(bad.stderr).toContain(`gatehouse ${command.join(' ')}`)
    }
    for (const group of ['users', 'mail', 'db']) {
      expect((await cli(group, '--help')).code).toBe(0)
      expect((await cli(group)).code).toBe(2)
      expect((await cli(group, 'nonsense')).code).toBe(2)
    }
    // A flag of another command is bad usage here.
    expect((await cli('users', 'show', 'a@b.test', '--limit', '3')).code).toBe(2)
    expect((await cli('mail', 'retry', '1', '--failed')).code).toBe(2)
    expect((await cli('mail', 'retry', 'abc')).code).toBe(2)
    expect((await cli('users', 'list', 'extra')).code).toBe(2)
  })

  test('an unexpected failure is exit 1 with one line naming it (no stack, no SQL)', async () => {
    const saved = env
    env = { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' }
    try {
      const run = await cli('users', 'list')
      expect(run.code).toBe(1)
      expect(run.stderr.trim().split('\n')).toHaveLength(1)
      expect(run.stderr).toStartWith('gatehouse: the command failed: ')
      expect(run.stderr).toContain('ECONNREFUSED')
      expect(run.stderr).not.toMatch(/\n\s+at |select /i)
      const json = await cli('users', 'list', '--json')
      expect(JSON.parse(json.stdout)).toMatchObject({ exitCode: 1 })
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
