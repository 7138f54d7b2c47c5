// On workerd, an unreachable Postgres or Redis answers 503 with Retry-After (fail closed), and readiness names it.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp'
import { createClient, overHttp, STRONG_PASSWORD } from './support/stack'
import { startWorker, type TestWorker } from './support/worker'

const BASE = {
  NODE_ENV: 'test',
  APP_URL: 'http://localhost:3000',
  JWT_SECRET: 'unavailable-test-secret-unavailable-test-0123',
}
const UNAVAILABLE = { detail: 'Service temporarily unavailable' }

describe.skipIf(!process.env.TEST_WORKERS)('Workers with a dependency down', () => {
  let smtp: TestSmtpServer
  let worker: TestWorker
  beforeAll(async () => {
    smtp = await startSmtpServer()
    // Nothing listens on port 1: connect() fails at once, as for a database that is down.
    worker = await startWorker({
      ...BASE,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:1',
      UPSTASH_REDIS_REST_TOKEN: 'none',
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
    })
  }, 120_000)
  afterAll(async () => {
    await worker?.stop()
    await smtp?.stop()
  }, 30_000)

  test('503 for a rate-limited route when Redis is down, never an unlimited pass', async () => {
    const t = createClient(overHttp(worker.url), smtp)
    const res = await t.json('POST', '/login', { email: 'a@b.co', password: STRONG_PASSWORD })
    expect(res).toMatchObject({ status: 503, body: UNAVAILABLE })
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  test('readiness names both, liveness stays up', async () => {
    const t = createClient(overHttp(worker.url), smtp)
    expect(await t.json('GET', '/healthz')).toMatchObject({ status: 200 })
    expect(await t.json('GET', '/readyz')).toMatchObject({
      status: 503,
      body: { checks: { database: 'down', redis: 'down' } },
    })
  })
})

describe.skipIf(!process.env.TEST_WORKERS)('Workers with Postgres down', () => {
  let smtp: TestSmtpServer
  let worker: TestWorker
  beforeAll(async () => {
    smtp = await startSmtpServer()
    worker = await startWorker({
      ...BASE,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
    })
  }, 120_000)
  afterAll(async () => {
    await worker?.stop()
    await smtp?.stop()
  }, 30_000)

  test('503 with Retry-After, and the log names the database without SQL', async () => {
    const t = createClient(overHttp(worker.url), smtp)
    const res = await t.json('POST', '/login', { email: 'a@b.co', password: STRONG_PASSWORD })
    expect(res).toMatchObject({ status: 503, body: UNAVAILABLE })
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    await Bun.sleep(200)
    const line = worker.output.find((l) => l.includes('dependency_unavailable'))
    expect(line).toContain('"dependency":"database"')
    expect(line).not.toContain('select')
  })
})
