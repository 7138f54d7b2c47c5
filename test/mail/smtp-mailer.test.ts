// The SMTP mailer against a real SMTP server: delivery over STARTTLS and implicit TLS, certificate checks.
import { afterEach, describe, expect, test } from 'bun:test'
import {
  createSmtpMailer,
  type SmtpMailer,
  type SmtpMailerOptions,
} from '../../src/adapters/smtp-mailer'
import type { SmtpReuse } from '../../src/adapters/smtp-pool'
import type { MailMessage } from '../../src/ports'
import { type SmtpServerOptions, startSmtpServer, type TestSmtpServer } from '../support/smtp'

const message: MailMessage = {
  to: 'alice@example.com',
  language: 'en',
  subject: 'Verify your email address',
  text: 'Open https://app.test/verify-email?token=abc to verify. This link will expire in 24 hours.',
  html: '<p><a href="https://app.test/verify-email?token=abc">Verify</a> — expires in 24 hours.</p>',
}

const servers: TestSmtpServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()))
})

async function server(options?: SmtpServerOptions) {
  const started = await startSmtpServer(options)
  servers.push(started)
  return started
}

function mailerFor(smtp: TestSmtpServer, overrides: Partial<SmtpMailerOptions> = {}) {
  return createSmtpMailer({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    username: smtp.username,
    password: smtp.password,
    from: 'noreply@gatehouse.test',
    fromName: 'Gatehouse',
    timeoutMs: 5000,
    ...overrides,
  })
}

describe('createSmtpMailer delivery', () => {
  test('delivers over STARTTLS with AUTH: recipient, subject, both parts, sender', async () => {
    const smtp = await server()
    await mailerFor(smtp).send(message)

    const mail = await smtp.waitFor((m) => m.to.includes('alice@example.com'))
    expect(mail.secure).toBe(true)
    expect(mail.user).toBe(smtp.username)
    expect(mail.envelope).toMatchObject({
      from: 'noreply@gatehouse.test',
      to: ['alice@example.com'],
    })
    expect(mail.from).toEqual({ address: 'noreply@gatehouse.test', name: 'Gatehouse' })
    expect(mail.subject).toBe('Verify your email address')
    expect(mail.text.trim()).toBe(message.text)
    expect(mail.html.trim()).toBe(message.html)
    expect(smtp.authAttempts).toEqual([{ method: 'PLAIN', username: smtp.username, secure: true }])
  })

  test('without reuse, closes the connection once the message is accepted', async () => {
    const smtp = await server()
    await mailerFor(smtp).send(message)
    expect(smtp.messages).toHaveLength(1)
    await expect(smtp.waitForIdle(1000)).resolves.toBeUndefined()
  })

  test('delivers over implicit TLS, verified against an IP address too', async () => {
    const smtp = await server({ tls: 'implicit' })
    await mailerFor(smtp, { secure: true }).send(message)
    await mailerFor(smtp, { secure: true, host: '127.0.0.1' }).send({
      ...message,
      to: 'bob@example.com',
    })
    expect(smtp.messages.map((m) => [m.to[0], m.secure])).toEqual([
      ['alice@example.com', true],
      ['bob@example.com', true],
    ])
  })

  test('keeps non-ASCII subjects and bodies intact', async () => {
    const smtp = await server()
    await mailerFor(smtp).send({
      ...message,
      subject: 'Vérifiez votre adresse ✉',
      text: 'Bonjour Zoë',
      html: '<p>Bonjour Zoë</p>',
    })
    const [mail] = smtp.messages
    expect(mail?.subject).toBe('Vérifiez votre adresse ✉')
    expect(mail?.text.trim()).toBe('Bonjour Zoë')
  })

  test('asks DSN servers for failure bounces with headers only (no token in bounces)', async () => {
    const smtp = await server({ dsn: true })
    await mailerFor(smtp).send(message)
    const [mail] = smtp.messages
    expect(mail?.envelope.mailFromArgs).toEqual({ RET: 'HDRS' })
    expect(mail?.envelope.rcptToArgs).toEqual([{ NOTIFY: 'FAILURE,DELAY' }])
  })

  test('sends without AUTH to a server that needs none', async () => {
    const smtp = await server({ auth: false, tls: 'none' })
    await mailerFor(smtp, { username: undefined, password: undefined }).send(message)
    expect(smtp.messages.map((m) => [m.subject, m.secure, m.user])).toEqual([
      [message.subject, false, undefined],
    ])
  })
})

describe('createSmtpMailer certificate verification', () => {
  test('refuses a STARTTLS certificate issued for another host, before AUTH', async () => {
    const smtp = await server({ certificate: 'wrong-host' })
    await expect(mailerFor(smtp).send(message)).rejects.toThrow(/altnames|hostname/i)
    expect(smtp.authAttempts).toEqual([])
    expect(smtp.messages).toEqual([])
  })

  test('checks the name it connected to, not a default (a localhost-only certificate for 127.0.0.1)', async () => {
    const starttls = await server({ certificate: 'localhost-name-only' })
    await expect(mailerFor(starttls, { host: '127.0.0.1' }).send(message)).rejects.toThrow(
      /altnames|IP/i,
    )
    const implicit = await server({ tls: 'implicit', certificate: 'localhost-name-only' })
    await expect(
      mailerFor(implicit, { host: '127.0.0.1', secure: true }).send(message),
    ).rejects.toThrow(/altnames|IP/i)
    await mailerFor(starttls).send(message) // and the same certificate is fine for `localhost`
    expect(starttls.messages.map((m) => m.secure)).toEqual([true])
  })

  test('refuses an implicit-TLS certificate for another host', async () => {
    const smtp = await server({ tls: 'implicit', certificate: 'wrong-host' })
    await expect(mailerFor(smtp, { secure: true }).send(message)).rejects.toThrow(
      /altnames|hostname/i,
    )
    expect(smtp.messages).toEqual([])
  })

  test('refuses a self-signed certificate nobody trusts, with the right name', async () => {
    const smtp = await server({ certificate: 'untrusted' })
    await expect(mailerFor(smtp).send(message)).rejects.toThrow(/self.signed|certificate/i)
    expect(smtp.authAttempts).toEqual([])
  })
})

describe('createSmtpMailer with connection reuse', () => {
  const reuse = { maxConnections: 3, maxMessages: 100, idleMs: 300 }
  const to = (i: number) => ({ ...message, to: `user-${i}@example.com` })
  const mailers: SmtpMailer[] = []
  afterEach(async () => {
    await Promise.all(mailers.splice(0).map((m) => m.close()))
  })
  function reusing(smtp: TestSmtpServer, overrides: Partial<SmtpReuse> = {}) {
    const mailer = mailerFor(smtp, { reuse: { ...reuse, ...overrides } })
    mailers.push(mailer)
    return mailer
  }

  test('consecutive messages share one connection (one TLS handshake and AUTH), closed once idle', async () => {
    const smtp = await server()
    const mailer = reusing(smtp)
    for (let i = 0; i < 4; i++) await mailer.send(to(i))
    expect(smtp.messages.map((m) => [m.to[0], m.secure, m.user])).toEqual(
      [0, 1, 2, 3].map((i) => [`user-${i}@example.com`, true, smtp.username]),
    )
    expect(smtp.connectionsAccepted()).toBe(1)
    expect(smtp.authAttempts).toHaveLength(1)
    expect(smtp.openConnections()).toBe(1)
    await expect(smtp.waitForIdle(reuse.idleMs + 1000)).resolves.toBeUndefined()
    await mailer.send(to(4)) // and a new connection after that
    expect(smtp.connectionsAccepted()).toBe(2)
  })

  test('concurrent messages all arrive, over no more than maxConnections connections', async () => {
    const smtp = await server()
    const mailer = reusing(smtp)
    await Promise.all(Array.from({ length: 15 }, (_, i) => mailer.send(to(i))))
    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(
      Array.from({ length: 15 }, (_, i) => `user-${i}@example.com`).sort(),
    )
    expect(smtp.connectionsAccepted()).toBeGreaterThan(1)
    expect(smtp.connectionsAccepted()).toBeLessThanOrEqual(reuse.maxConnections)
  })

  test('a connection is replaced after maxMessages', async () => {
    const smtp = await server()
    const mailer = reusing(smtp, { maxMessages: 2 })
    for (let i = 0; i < 5; i++) await mailer.send(to(i))
    expect(smtp.messages).toHaveLength(5)
    expect(smtp.connectionsAccepted()).toBe(3)
  })

  test('a connection the server hung up on while idle is not used again', async () => {
    const smtp = await server({ idleTimeoutMs: 200 })
    const mailer = reusing(smtp, { idleMs: 60_000 })
    await mailer.send(to(1))
    await smtp.waitForIdle(2000) // the server's idle timeout, not ours
    await mailer.send(to(2))
    expect(smtp.messages.map((m) => m.to[0])).toEqual(['user-1@example.com', 'user-2@example.com'])
    expect(smtp.connectionsAccepted()).toBe(2)
  })

  test('a refused recipient fails its message only; the connection goes on', async () => {
    const smtp = await server({ refuse: ['gone@example.com'] })
    const mailer = reusing(smtp)
    await mailer.send(to(1))
    await expect(mailer.send({ ...message, to: 'gone@example.com' })).rejects.toThrow(/550/)
    await mailer.send(to(2))
    expect(smtp.messages.map((m) => m.to[0])).toEqual(['user-1@example.com', 'user-2@example.com'])
    expect(smtp.connectionsAccepted()).toBe(1)
  })

  test('close() says QUIT on every open connection, and the mailer still works afterwards', async () => {
    const smtp = await server()
    const mailer = reusing(smtp, { idleMs: 60_000 })
    await Promise.all([mailer.send(to(1)), mailer.send(to(2))])
    expect(smtp.openConnections()).toBeGreaterThan(0)
    await mailer.close()
    await expect(smtp.waitForIdle(500)).resolves.toBeUndefined()
    await mailer.send(to(3))
    expect(smtp.messages).toHaveLength(3)
  })
})
