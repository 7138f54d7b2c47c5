// The SMTP mailer when things go wrong: bad password, tarpit, server down, hang-up, header injection.
import { afterEach, describe, expect, test } from 'bun:test'
import { createSmtpMailer, type SmtpMailerOptions } from '../../src/adapters/smtp-mailer'
import type { MailMessage } from '../../src/ports'
import {
  type RawPeer,
  startHangUp,
  startSmtpServer,
  startTarpit,
  type TestSmtpServer,
} from '../support/smtp'

const message: MailMessage = {
  to: 'alice@example.com',
  language: 'en',
  subject: 'Reset your password',
  text: 'Hello',
  html: '<p>Hello</p>',
}
const base = { secure: false, from: 'noreply@gatehouse.test', timeoutMs: 5000 }

const peers: Array<TestSmtpServer | RawPeer> = []
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.stop()))
})
async function track<T extends TestSmtpServer | RawPeer>(peer: Promise<T>): Promise<T> {
  peers.push(await peer)
  return peer
}

async function elapsed(run: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now()
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  )
  return { ms: performance.now() - started, error }
}

function mailerFor(
  peer: { host: string; port: number },
  overrides: Partial<SmtpMailerOptions> = {},
) {
  return createSmtpMailer({ ...base, host: peer.host, port: peer.port, ...overrides })
}

describe('createSmtpMailer failures', () => {
  test('a wrong password rejects without the password in the message, and hangs up', async () => {
    const smtp = await track(startSmtpServer())
    const password = 'not-the-password-9f8e7d'
    const { error } = await elapsed(() =>
      mailerFor(smtp, { username: smtp.username, password }).send(message),
    )
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/535/)
    expect((error as Error).message).not.toContain(password)
    expect(smtp.messages).toEqual([])
    await expect(smtp.waitForIdle(1000)).resolves.toBeUndefined()
  })

  test('a tarpit rejects once the timeout has passed, not later, and the socket is closed', async () => {
    const tarpit = await track(startTarpit())
    const { ms, error } = await elapsed(() => mailerFor(tarpit, { timeoutMs: 400 }).send(message))
    expect((error as Error).message).toMatch(/no answer within 400 ms/)
    expect(ms).toBeGreaterThanOrEqual(390)
    expect(ms).toBeLessThan(400 + 400)
    await expect(tarpit.waitForIdle(500)).resolves.toBeUndefined()
  })

  test('a stopped server rejects fast, and delivery works again after a restart', async () => {
    const smtp = await track(startSmtpServer())
    const mailer = mailerFor(smtp, { username: smtp.username, password: smtp.password })
    await smtp.stop()
    const { ms, error } = await elapsed(() => mailer.send(message))
    expect((error as Error).message).toMatch(/ECONNREFUSED|refused/i)
    expect(ms).toBeLessThan(1000)

    await smtp.start()
    await mailer.send(message)
    expect(smtp.messages).toHaveLength(1)
  })

  test('reusing connections: a tarpit still rejects at the deadline and its connection is closed', async () => {
    const tarpit = await track(startTarpit())
    const mailer = mailerFor(tarpit, {
      timeoutMs: 400,
      reuse: { maxConnections: 2, maxMessages: 100, idleMs: 60_000 },
    })
    const { ms, error } = await elapsed(() =>
      Promise.all([mailer.send(message), mailer.send(message)]),
    )
    expect((error as Error).message).toMatch(/no answer within 400 ms/)
    expect(ms).toBeLessThan(400 + 400)
    await expect(tarpit.waitForIdle(500)).resolves.toBeUndefined()
  })

  test('reusing connections: a server restarted between two messages costs nothing but a new connection', async () => {
    const smtp = await track(startSmtpServer())
    const mailer = mailerFor(smtp, {
      username: smtp.username,
      password: smtp.password,
      reuse: { maxConnections: 2, maxMessages: 100, idleMs: 60_000 },
    })
    await mailer.send(message)
    await smtp.stop()
    await expect(mailer.send(message)).rejects.toThrow(/ECONNREFUSED|refused|closed/i)
    await smtp.start()
    await mailer.send(message)
    expect(smtp.messages).toHaveLength(2)
    await mailer.close()
  })

  test('a server that hangs up before greeting rejects at once (no busy loop)', async () => {
    const peer = await track(startHangUp())
    const { ms, error } = await elapsed(() => mailerFor(peer).send(message))
    expect((error as Error).message).toMatch(/closed by the server/)
    expect(ms).toBeLessThan(1000)
  })
})

describe('createSmtpMailer header injection', () => {
  const smtp = { host: '127.0.0.1', port: 9 } // never reached: input is refused first

  test.each([
    ['recipient with CRLF', { to: 'alice@example.com\r\nBcc: eve@example.com' }],
    ['recipient with LF', { to: 'alice@example.com\nRCPT TO:<eve@example.com>' }],
    ['two recipients', { to: 'alice@example.com, eve@example.com' }],
    ['subject with CRLF', { subject: 'Hi\r\nBcc: eve@example.com' }],
  ])('refuses a %s', async (_name, change) => {
    await expect(mailerFor(smtp).send({ ...message, ...change })).rejects.toThrow(
      /Invalid (recipient|subject)/,
    )
  })

  test.each([
    ['sender with CRLF', { from: 'noreply@gatehouse.test\r\nBcc: eve@example.com' }],
    ['sender name with a quote', { fromName: 'Gatehouse" <evil@example.com>, "x' }],
    ['sender name with LF', { fromName: 'Gatehouse\nBcc: eve@example.com' }],
  ])('refuses a %s when created', (_name, change) => {
    expect(() => mailerFor(smtp, change)).toThrow(/Invalid sender/)
  })
})
