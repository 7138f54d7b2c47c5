// With a HYPERDRIVE binding and no DATABASE_URL, the Worker reaches Postgres through the binding's connection string.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp'
import { createClient, overHttp, STRONG_PASSWORD, uniqueEmail } from './support/stack'
import { freshDatabase, startWorker, type TestDatabase, type TestWorker } from './support/worker'

describe.skipIf(!process.env.TEST_WORKERS)('Workers with Hyperdrive', () => {
  let database: TestDatabase
  let smtp: TestSmtpServer
  let worker: TestWorker
  beforeAll(async () => {
    if (!process.env.TEST_DATABASE_URL) throw new Error('TEST_WORKERS needs TEST_DATABASE_URL')
    database = await freshDatabase(process.env.TEST_DATABASE_URL)
    smtp = await startSmtpServer()
    worker = await startWorker(
      {
        NODE_ENV: 'test',
        APP_URL: 'http://localhost:3000',
        SMTP_HOST: smtp.host,
        SMTP_PORT: String(smtp.port),
        SMTP_USERNAME: smtp.username,
        SMTP_PASSWORD: smtp.password,
      },
      {
        config: 'test/workers/hyperdrive/wrangler.toml',
        env: {
          CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: withPassword(database.url),
        },
      },
    )
  }, 120_000)
  afterAll(async () => {
    await worker?.stop()
    await Promise.allSettled([smtp?.stop(), database?.drop()])
  }, 30_000)

  test('readiness and a sign-up go to the database behind the binding', async () => {
    const t = createClient(overHttp(worker.url), smtp)
    expect(await t.json('GET', '/readyz')).toMatchObject({
      status: 200,
      body: { checks: { database: 'ok', redis: 'memory' } },
    })
    const { email, userId } = await t.signUp(uniqueEmail('hyperdrive'), STRONG_PASSWORD)
    const postgres = (await import('postgres')).default
    const sql = postgres(database.url, { max: 1, onnotice: () => {} })
    const [row] = await sql<
      { id: number; is_verified: boolean }[]
    >`select id, is_verified from users where email = ${email}`
    await sql.end()
    expect(row).toEqual({ id: userId, is_verified: true })
  })
})

/** Miniflare insists on a password in a Hyperdrive URL; with trust auth Postgres never asks for it. */
function withPassword(url: string): string {
  const u = new URL(url)
  u.password ||= 'unused'
  return u.toString()
}
