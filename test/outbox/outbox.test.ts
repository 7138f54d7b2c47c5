import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { drainOutbox, nextAttemptDelayMs } from '../../src/mail/outbox'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'
import { startTarpit } from '../support/smtp'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const MINUTE = 60_000

describe('mail outbox', () => {
  test('SMTP down: register still answers 201 with email_sent false; the next drain delivers a working link', async () => {
    const email = uniqueEmail('outage')
    await t.smtp.stop()
    let res: Awaited<ReturnType<typeof t.json>>
    try {
      res = await t.json('POST', '/register', { email, password: STRONG_PASSWORD })
      expect(res).toMatchObject({ status: 201, body: { email_sent: false } })
      expect((await t.json('GET', '/readyz')).body.outbox.pending).toBeGreaterThanOrEqual(1)
    } finally {
      await t.smtp.start()
    }
    // Not due yet: the retry waits about a minute.
    expect((await drainOutbox(t.deps)).sent).toBe(0)
    t.clock.advance(2 * MINUTE)
    expect((await drainOutbox(t.deps)).sent).toBeGreaterThanOrEqual(1)
    const { token } = await t.mail(email, 'Verify your email address')
    expect(await t.json('POST', '/verify-email', { token })).toMatchObject({
      status: 200,
      body: { message: 'Email verified successfully' },
    })
  })

  test('a tarpit SMTP server does not hold the request past the SMTP timeout', async () => {
    const tarpit = await startTarpit()
    const slow = await createTestApp({
      env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(tarpit.port), SMTP_TIMEOUT_MS: '800' },
    })
    try {
      const started = performance.now()
      const res = await slow.json('POST', '/register', {
        email: uniqueEmail('tarpit'),
        password: STRONG_PASSWORD,
      })
      const elapsed = performance.now() - started
      expect(res).toMatchObject({ status: 201, body: { email_sent: false } })
      expect(elapsed).toBeLessThan(800 + 1500)
    } finally {
      await slow.close()
      await tarpit.stop()
    }
  })

  test('a restarted app delivers what an earlier one left pending', async () => {
    const email = uniqueEmail('restart')
    const first = await createTestApp()
    await t.smtp.stop()
    try {
      expect(
        (await first.json('POST', '/register', { email, password: STRONG_PASSWORD })).body
          .email_sent,
      ).toBe(false)
    } finally {
      await first.close()
      await t.smtp.start()
    }
    const second = await createTestApp()
    try {
      second.clock.advance(2 * MINUTE)
      await drainOutbox(second.deps)
      const { token } = await second.mail(email, 'Verify your email address')
      expect((await second.json('POST', '/verify-email', { token })).status).toBe(200)
    } finally {
      await second.close()
    }
  })

  test('two drainers at once on 50 pending mails deliver each exactly once', async () => {
    const emails = Array.from({ length: 50 }, () => uniqueEmail('drain'))
    await t.smtp.stop()
    try {
      for (const email of emails)
        expect(
          (await t.json('POST', '/register', { email, password: STRONG_PASSWORD })).status,
        ).toBe(201)
    } finally {
      await t.smtp.start()
    }
    const other = await createTestApp()
    try {
      t.clock.advance(2 * MINUTE)
      other.clock.advance(t.clock.offsetMs)
      const [a, b] = await Promise.all([drainOutbox(t.deps, 5), drainOutbox(other.deps, 5)])
      expect(a.sent + b.sent).toBeGreaterThanOrEqual(50)
      for (const email of emails) {
        expect(t.smtp.messages.filter((m) => m.envelope.to.includes(email))).toHaveLength(1)
      }
    } finally {
      await other.close()
    }
  })

  test('backoff: about 1 min, 5 min, 30 min, 2 h, then 6 h, with jitter', () => {
    const expected = [60, 300, 1800, 7200, 21600, 21600]
    expected.forEach((seconds, i) => {
      expect(nextAttemptDelayMs(i + 1, 0)).toBe(seconds * 800)
      expect(nextAttemptDelayMs(i + 1, 1)).toBe(seconds * 1200)
    })
  })

  test('after 24 hours of failures the mail is marked failed and the error logged', async () => {
    const email = uniqueEmail('giveup')
    await t.smtp.stop()
    try {
      await t.json('POST', '/register', { email, password: STRONG_PASSWORD })
      for (let i = 0; i < 10; i++) {
        t.clock.advance(7 * 3600 * 1000)
        await drainOutbox(t.deps)
      }
    } finally {
      await t.smtp.start()
    }
    expect(
      t.log.some((l) => l.includes('"event":"mail.failed"') && l.includes('"kind":"verify_email"')),
    ).toBe(true)
    t.clock.advance(3600 * 1000)
    await drainOutbox(t.deps)
    expect(t.smtp.messages.some((m) => m.envelope.to.includes(email))).toBe(false)
  })
})
