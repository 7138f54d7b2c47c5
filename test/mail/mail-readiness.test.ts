// /readyz checks.mail and the log lines about mail, from the app with its real SMTP servers.
import { afterEach, describe, expect, test } from 'bun:test'
import { CLEAR_TEXT_REFUSAL } from '../../src/adapters/smtp-session'
import { drainOutbox } from '../../src/mail/outbox'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'
import { nonLoopbackAddress, startSmtpServer, type TestSmtpServer } from '../support/smtp'

const remote = nonLoopbackAddress()

const open: Array<TestApp | TestSmtpServer> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => ('close' in x ? x.close() : x.stop())))
})
async function app(env: Record<string, string>) {
  const t = await createTestApp({ env })
  open.push(t)
  return t
}
async function server(options: Parameters<typeof startSmtpServer>[0]) {
  const smtp = await startSmtpServer(options)
  open.push(smtp)
  return smtp
}

const ready = async (t: TestApp) => {
  const res = await t.json('GET', '/readyz')
  return { status: res.status, mail: res.body.checks?.mail }
}
const register = (t: TestApp) =>
  t.json('POST', '/register', { email: uniqueEmail('ready'), password: STRONG_PASSWORD })
const events = (t: TestApp, event: string) =>
  t.log.map((line) => JSON.parse(line)).filter((entry) => entry.event === event)

async function until(done: () => boolean, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('/readyz checks.mail', () => {
  test('"dev-mailbox" without SMTP', async () => {
    const t = await app({ SMTP_HOST: '' })
    expect(await ready(t)).toEqual({ status: 200, mail: 'dev-mailbox' })
  })

  test('"ok" with SMTP, before and after a delivery', async () => {
    const t = await app({})
    expect(await ready(t)).toEqual({ status: 200, mail: 'ok' })
    expect((await register(t)).body.email_sent).toBe(true)
    expect(await ready(t)).toEqual({ status: 200, mail: 'ok' })
  })

  test('"failing" (still 200) while the latest attempt failed; "ok" once the outbox delivers', async () => {
    const smtp = await server({ tls: 'none' })
    const t = await app({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_USERNAME: smtp.username,
      SMTP_PASSWORD: smtp.password,
    })
    expect((await register(t)).body.email_sent).toBe(true)
    expect(await ready(t)).toEqual({ status: 200, mail: 'ok' })

    await smtp.stop()
    expect((await register(t)).body.email_sent).toBe(false)
    await t.deps.settled()
    expect(await ready(t)).toEqual({ status: 200, mail: 'failing' })

    await smtp.start()
    t.clock.advance(10 * 60_000) // past the first retry's backoff
    expect(await drainOutbox(t.deps)).toEqual({ sent: 1, failed: 0 })
    expect(await ready(t)).toEqual({ status: 200, mail: 'ok' })
  })

  test('credentials u/p refused by the server: the retry line reads as the reply code', async () => {
    const t = await app({ SMTP_USERNAME: 'u', SMTP_PASSWORD: 'p' }) // the shared STARTTLS server
    expect((await register(t)).body.email_sent).toBe(false)
    await t.deps.settled()
    const [retry] = events(t, 'mail.retry')
    expect(retry.error).toBe(
      `Error: SMTP ${t.smtp.host}:${t.smtp.port} failed: authentication failed: 535 5.7.8 (authentication credentials invalid)`,
    )
    expect(await ready(t)).toEqual({ status: 200, mail: 'failing' })
  })
})

describe.if(Boolean(remote))(
  `credentials to a server on another host (${remote}) without STARTTLS`,
  () => {
    test('one line at start, "failing" before any mail, one readable line per attempt', async () => {
      const smtp = await server({ tls: 'none', listenOn: remote })
      // The credentials of the report: one letter each.
      const t = await app({
        SMTP_HOST: remote!,
        SMTP_PORT: String(smtp.port),
        SMTP_USERNAME: 'u',
        SMTP_PASSWORD: 'p',
      })
      const where = `${remote}:${smtp.port}`
      await until(() => events(t, 'mail.refused').length > 0, 'the start-up line')
      expect(events(t, 'mail.refused')).toEqual([
        {
          time: expect.any(String),
          level: 'error',
          event: 'mail.refused',
          server: where,
          error: `SMTP ${where}: ${CLEAR_TEXT_REFUSAL}; every mail will be refused until then`,
        },
      ])
      expect(await ready(t)).toEqual({ status: 200, mail: 'failing' })

      for (let i = 0; i < 2; i++) expect((await register(t)).body.email_sent).toBe(false)
      await t.deps.settled()
      expect(events(t, 'mail.retry').map((e) => e.error)).toEqual([
        `Error: SMTP ${where} failed: ${CLEAR_TEXT_REFUSAL}`,
        `Error: SMTP ${where} failed: ${CLEAR_TEXT_REFUSAL}`,
      ])
      expect(events(t, 'mail.refused')).toHaveLength(1)
      expect(smtp.authAttempts).toEqual([])
      expect(smtp.messages).toEqual([])
      expect(await ready(t)).toEqual({ status: 200, mail: 'failing' })
    })
  },
)
