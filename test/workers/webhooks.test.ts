// Webhooks from the Workers entry under wrangler dev (workerd): standardwebhooks signs there, the
// first attempt runs through waitUntil, and the cron trigger's drain delivers the retries.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import postgres from 'postgres'
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhooks'
import {
  type HttpClient,
  STRONG_PASSWORD,
  type Stack,
  startStack,
  uniqueEmail,
} from './support/stack'

describe.skipIf(!process.env.TEST_WORKERS)('Workers: webhooks', () => {
  let receiver: WebhookReceiver
  let stack: Stack
  let t: HttpClient
  beforeAll(async () => {
    receiver = await startWebhookReceiver()
    stack = await startStack({
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET: receiver.secret,
      WEBHOOK_TIMEOUT_MS: '3000',
    })
    t = stack.client()
  }, 120_000)
  afterAll(async () => {
    await stack?.stop()
    await receiver?.stop()
  }, 30_000)

  const ofUser = (userId: number, type: string) => (w: WebhookReceiver['received'][number]) =>
    w.event?.type === type && w.event.data.user_id === userId

  test('sign-up, verification and reset arrive signed and verifiable', async () => {
    const email = uniqueEmail('worker-hook')
    const registered = await t.json('POST', '/register', { email, password: STRONG_PASSWORD })
    expect(registered.status).toBe(201)
    const userId = registered.body.user_id as number
    const { token } = await t.mail(email, 'Verify your email address')
    expect((await t.json('POST', '/verify-email', { token })).status).toBe(200)
    await t.json('POST', '/request-password-reset', { email })
    const reset = await t.mail(email, 'Reset your password')
    const newPassword = 'a brand new passphrase 2026'
    expect(
      (await t.json('POST', '/reset-password', { token: reset.token, new_password: newPassword }))
        .status,
    ).toBe(200)

    for (const type of ['user.created', 'user.verified', 'user.password_reset']) {
      const hook = await receiver.waitFor(ofUser(userId, type), 10_000)
      expect(hook.status).toBe(204)
      expect(hook.event).toEqual({
        type,
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        data: { user_id: userId, email },
      })
    }
  })

  test('a first attempt that failed is retried by the cron drain with the same webhook-id', async () => {
    receiver.failNext(1)
    const email = uniqueEmail('worker-retry')
    const registered = await t.json('POST', '/register', { email, password: STRONG_PASSWORD })
    const userId = registered.body.user_id as number
    const failed = await receiver.waitFor(
      (w) => w.status === 500 && w.body.includes(`"user_id":${userId}`),
      10_000,
    )
    // The retry is due in about a minute; the drain only sends what is due.
    await backdateWebhooks(stack.database.url)
    const cron = await fetch(`${stack.worker.url}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`)
    expect(cron.status).toBe(200)
    const retried = await receiver.waitFor(
      (w) => w.status === 204 && w.event?.data.user_id === userId,
      10_000,
    )
    expect(retried.id).toBe(failed.id)
    expect(retried.body).toBe(failed.body)
  })
})

async function backdateWebhooks(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    // The failed attempt is recorded after the answer (waitUntil): wait for it first.
    for (let i = 0; i < 50; i++) {
      const [row] = await sql`
        select count(*)::int as n from mail_outbox
        where channel = 'webhook' and status = 'pending' and attempts > 0`
      if (row!.n > 0) break
      await Bun.sleep(100)
    }
    await sql`
      update mail_outbox set next_attempt_at = now() - interval '1 second'
      where channel = 'webhook' and status = 'pending'`
  } finally {
    await sql.end()
  }
}
