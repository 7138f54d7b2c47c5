// On workerd: /readyz checks.mail remembers the isolate's latest attempt, though deps are built per request.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { STRONG_PASSWORD, type Stack, startStack, uniqueEmail } from './support/stack'

describe.skipIf(!process.env.TEST_WORKERS)('Workers: mail readiness per isolate', () => {
  let stack: Stack
  beforeAll(async () => {
    // Nothing listens on port 1: every attempt fails at connect.
    stack = await startStack({ SMTP_PORT: '1' })
  }, 120_000)
  afterAll(() => stack?.stop(), 30_000)

  test('"ok" before any attempt, "failing" (still 200) after a failed one', async () => {
    const t = stack.client()
    expect(await t.json('GET', '/readyz')).toMatchObject({
      status: 200,
      body: { checks: { mail: 'ok' } },
    })
    const registered = await t.json('POST', '/register', {
      email: uniqueEmail('ready'),
      password: STRONG_PASSWORD,
    })
    expect(registered.body.email_sent).toBe(false)
    expect(await t.json('GET', '/readyz')).toMatchObject({
      status: 200,
      body: { checks: { database: 'ok', mail: 'failing' } },
    })
  })
})
