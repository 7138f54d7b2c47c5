// On workerd, a fresh database nobody migrated: readiness says "not_migrated", a request that
// meets a missing table answers 503 and the Worker logs one line naming the fix.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type FreshDatabase, freshDatabase } from '../support/postgres'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp'
import { createClient, overHttp, STRONG_PASSWORD } from './support/stack'
import { appLog, startWorker, type TestWorker } from './support/worker'

describe.skipIf(!process.env.TEST_WORKERS)('Workers on a database nobody migrated', () => {
  let database: FreshDatabase
  let smtp: TestSmtpServer
  let worker: TestWorker
  beforeAll(async () => {
    const adminUrl = process.env.TEST_DATABASE_URL
    if (!adminUrl) throw new Error('TEST_WORKERS needs TEST_DATABASE_URL')
    database = await freshDatabase(adminUrl, 'gatehouse_workers_unmigrated_', { migrate: false })
    smtp = await startSmtpServer()
    worker = await startWorker({
      NODE_ENV: 'test',
      APP_URL: 'http://localhost:3000',
      JWT_SECRET: 'not-migrated-test-secret-not-migrated-0123',
      DATABASE_URL: database.url,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
    })
  }, 120_000)
  afterAll(async () => {
    await worker?.stop()
    await smtp?.stop()
    await database?.drop()
  }, 30_000)

  test('/readyz: 503 with "database": "not_migrated"', async () => {
    const t = createClient(overHttp(worker.url), smtp)
    expect(await t.json('GET', '/readyz')).toMatchObject({
      status: 503,
      body: { status: 'unavailable', checks: { database: 'not_migrated' } },
    })
  })

  test('a sign-up: 503 with Retry-After, and one log line that names the fix, no SQL', async () => {
    const t = createClient(overHttp(worker.url), smtp)
    const email = `first-${crypto.randomUUID().slice(0, 8)}@example.com`
    const res = await t.json('POST', '/register', { email, password: STRONG_PASSWORD })
    expect(res).toMatchObject({ status: 503, body: { detail: 'Service temporarily unavailable' } })
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    const deadline = Date.now() + 5000
    const lines = () => appLog(worker).filter((l) => l.event === 'database_not_migrated')
    while (lines().length === 0 && Date.now() < deadline) await Bun.sleep(50)
    expect(lines()).toHaveLength(1)
    expect(lines()[0]!.message).toContain('npm run db:migrate')
    const everything = worker.output.join('\n')
    expect(everything).not.toContain(email)
    expect(everything).not.toMatch(/insert into|relation "users"/i)
  })
})
