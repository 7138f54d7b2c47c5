// The README's webhook receiver, extracted from README.md and served, against the real app: it
// accepts what Gatehouse signs with its secret and refuses anything signed with another.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'drizzle-orm'
import type { Hono } from 'hono'
import { rowsOf } from '../../src/db/users'
import { createTestApp, STRONG_PASSWORD, testDatabase, uniqueEmail } from '../support/app'
import { importReadmeExample } from '../support/readme'
import { newWebhookSecret } from '../support/webhooks'

describe("the README's webhook receiver", () => {
  const secret = newWebhookSecret()
  let server: ReturnType<typeof Bun.serve>
  let url: string

  beforeAll(async () => {
    const { app } = await importReadmeExample<{ app: Hono }>('webhook-receiver', {
      WEBHOOK_SECRET: secret,
    })
    server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: app.fetch })
    url = `http://127.0.0.1:${server.port}/hooks/gatehouse`
    // The process's shared database starts here, not inside the first test's time.
    await testDatabase()
  }, 120_000)
  afterAll(() => server?.stop(true))

  const statusOfCreated = async (webhookSecret: string) => {
    const t = await createTestApp({ env: { WEBHOOK_URL: url, WEBHOOK_SECRET: webhookSecret } })
    try {
      const email = uniqueEmail('readme-hook')
      const res = await t.json('POST', '/register', { email, password: STRONG_PASSWORD })
      await t.deps.settled()
      const { db } = await testDatabase()
      const [row] = rowsOf<{ status: string; last_error: string | null }>(
        await db.execute(sql`
          select status, last_error from mail_outbox
          where channel = 'webhook' and (payload->>'user_id')::int = ${res.body.user_id}`),
      )
      return row
    } finally {
      await t.close()
    }
  }

  test('answers 2xx to a webhook Gatehouse signed with the shared secret', async () => {
    expect(await statusOfCreated(secret)).toEqual({ status: 'sent', last_error: null })
  })

  test('answers 400 to one signed with another secret, which Gatehouse then retries', async () => {
    expect(await statusOfCreated(newWebhookSecret())).toEqual({
      status: 'pending',
      last_error: 'Error: the webhook receiver answered 400',
    })
  })
})
