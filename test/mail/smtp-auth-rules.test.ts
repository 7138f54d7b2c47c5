// When the SMTP mailer authenticates, when it refuses to, and what it then says: against real servers.
import { afterEach, describe, expect, test } from 'bun:test'
import { createSmtpMailer, type SmtpMailerOptions } from '../../src/adapters/smtp-mailer'
import { CLEAR_TEXT_REFUSAL } from '../../src/adapters/smtp-session'
import type { Log, LogFields, MailMessage } from '../../src/ports'
import {
  nonLoopbackAddress,
  type RawPeer,
  type SmtpServerOptions,
  startSmtpServer,
  startTarpit,
  type TestSmtpServer,
} from '../support/smtp'

const message: MailMessage = {
  to: 'alice@example.com',
  language: 'en',
  subject: 'Verify your email address',
  text: 'Open https://app.test/verify-email?token=abc.',
  html: '<p>Open the link.</p>',
}

/** An address of this machine that is not loopback: a "remote" server the tests can run. */
const remote = nonLoopbackAddress()

const peers: Array<TestSmtpServer | RawPeer> = []
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.stop()))
})
async function server(options?: SmtpServerOptions) {
  const started = await startSmtpServer(options)
  peers.push(started)
  return started
}

function mailerFor(smtp: TestSmtpServer | RawPeer, overrides: Partial<SmtpMailerOptions> = {}) {
  return createSmtpMailer({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    from: 'noreply@gatehouse.test',
    timeoutMs: 3000,
    ...('username' in smtp && { username: smtp.username, password: smtp.password }),
    ...overrides,
  })
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the send to fail')
    },
    (error: Error) => error.message,
  )

function recordingLog() {
  const lines: Array<{ level: string; event: string } & LogFields> = []
  const at =
    (level: string) =>
    (event: string, fields: LogFields = {}) => {
      lines.push({ level, event, ...fields })
    }
  const log: Log = { info: at('info'), warn: at('warn'), error: at('error') }
  return { log, lines }
}

describe('no credentials configured: never AUTH', () => {
  test.each([
    ['without TLS', 'none'],
    ['over STARTTLS', 'starttls'],
  ] as const)(
    'a server offering optional AUTH %s gets the mail, and no AUTH command',
    async (_name, tls) => {
      const smtp = await server({ auth: 'optional', tls })
      await mailerFor(smtp, { username: undefined, password: undefined }).send(message)
      expect(smtp.messages.map((m) => [m.subject, Boolean(m.user), m.secure])).toEqual([
        [message.subject, false, tls === 'starttls'],
      ])
      expect(smtp.authAttempts).toEqual([])
    },
  )

  test('an empty SMTP_USERNAME counts as none', async () => {
    const smtp = await server({ auth: 'optional', tls: 'none' })
    await mailerFor(smtp, { username: '', password: 'unused-password' }).send(message)
    expect(smtp.messages).toHaveLength(1)
    expect(smtp.authAttempts).toEqual([])
  })
})

describe('credentials to this machine: a plain connection is allowed', () => {
  test.each([
    ['127.0.0.1', '127.0.0.1'],
    ['localhost', '127.0.0.1'],
    ['::1', '::1'],
  ])(
    'a relay at %s requiring AUTH without STARTTLS gets the mail, authenticated',
    async (host, listenOn) => {
      const smtp = await server({ tls: 'none', listenOn })
      await mailerFor(smtp, { host }).send(message)
      expect(smtp.messages.map((m) => [m.user, m.secure])).toEqual([[smtp.username, false]])
      expect(smtp.authAttempts).toEqual([
        { method: 'PLAIN', username: smtp.username, secure: false },
      ])
    },
  )

  test('STARTTLS is still used when offered (and its certificate checked)', async () => {
    const smtp = await server({ listenOn: '127.0.0.1' })
    await mailerFor(smtp, { host: 'localhost' }).send(message)
    expect(smtp.messages.map((m) => [m.user, m.secure])).toEqual([[smtp.username, true]])
  })

  test('a server that offers no AUTH is refused: the credentials were meant for another', async () => {
    const smtp = await server({ tls: 'none', auth: false })
    const error = await failure(mailerFor(smtp, { host: '127.0.0.1' }).send(message))
    expect(error).toBe(
      `SMTP 127.0.0.1:${smtp.port} failed: the server offers no AUTH, but SMTP_USERNAME is set`,
    )
    expect(smtp.messages).toEqual([])
  })
})

describe.if(Boolean(remote))(`credentials to another host (${remote}) without TLS`, () => {
  test('are refused before AUTH, with one readable line naming the server', async () => {
    const smtp = await server({ tls: 'none', listenOn: remote })
    const error = await failure(mailerFor(smtp).send(message))
    expect(error).toBe(`SMTP ${remote}:${smtp.port} failed: ${CLEAR_TEXT_REFUSAL}`)
    expect(smtp.authAttempts).toEqual([])
    expect(smtp.messages).toEqual([])
  })

  test('even when the server offers no AUTH: the mail does not go out in clear text either', async () => {
    const smtp = await server({ tls: 'none', auth: false, listenOn: remote })
    const error = await failure(mailerFor(smtp).send(message))
    expect(error).toContain(CLEAR_TEXT_REFUSAL)
    expect(smtp.messages).toEqual([])
  })

  test('without credentials the same server gets the mail', async () => {
    const smtp = await server({ tls: 'none', auth: 'optional', listenOn: remote })
    await mailerFor(smtp, { username: undefined }).send(message)
    expect(smtp.messages).toHaveLength(1)
  })

  test('checkAtStart: one error line and "failing" when STARTTLS is not offered; no AUTH, no mail', async () => {
    const smtp = await server({ tls: 'none', listenOn: remote })
    const { log, lines } = recordingLog()
    const mailer = mailerFor(smtp)
    expect(mailer.status()).toBe('ok')
    await mailer.checkAtStart(log)
    expect(lines).toEqual([
      {
        level: 'error',
        event: 'mail.refused',
        server: `${remote}:${smtp.port}`,
        error: `SMTP ${remote}:${smtp.port}: ${CLEAR_TEXT_REFUSAL}; every mail will be refused until then`,
      },
    ])
    expect(mailer.status()).toBe('failing')
    expect(smtp.connectionsAccepted()).toBe(1)
    expect(smtp.authAttempts).toEqual([])
    await smtp.waitForIdle(1000) // it said QUIT and left
  })

  test('checkAtStart: silent and "ok" when STARTTLS is offered', async () => {
    const smtp = await server({ listenOn: remote })
    const { log, lines } = recordingLog()
    const mailer = mailerFor(smtp)
    await mailer.checkAtStart(log)
    expect(lines).toEqual([])
    expect(mailer.status()).toBe('ok')
    expect(smtp.connectionsAccepted()).toBe(1)
    expect(smtp.authAttempts).toEqual([])
  })

  test('checkAtStart: a silent server costs at most the timeout and one warning', async () => {
    const tarpit = await startTarpit(remote)
    peers.push(tarpit)
    const { log, lines } = recordingLog()
    const mailer = mailerFor(tarpit, { username: 'u', password: 'p', timeoutMs: 300 })
    const started = performance.now()
    await mailer.checkAtStart(log)
    expect(performance.now() - started).toBeLessThan(300 + 300)
    expect(lines.map((l) => [l.level, l.event, l.error])).toEqual([
      [
        'warn',
        'mail.check_failed',
        `SMTP ${remote}:${tarpit.port}: could not check for STARTTLS at start: no answer within 300 ms`,
      ],
    ])
    expect(mailer.status()).toBe('ok')
    await tarpit.waitForIdle(500)
  })
})

describe('checkAtStart where nothing depends on the server', () => {
  test('connects to nobody: loopback, implicit TLS, or no credentials', async () => {
    const smtp = await server({ tls: 'none' })
    const { log, lines } = recordingLog()
    await mailerFor(smtp, { host: '127.0.0.1' }).checkAtStart(log)
    await mailerFor(smtp, { secure: true }).checkAtStart(log)
    await mailerFor(smtp, { username: undefined }).checkAtStart(log)
    expect(smtp.connectionsAccepted()).toBe(0)
    expect(lines).toEqual([])
  })
})

describe('status: the latest attempt decides', () => {
  test('ok, failing after a failed delivery, ok again after the next one', async () => {
    const smtp = await server({ tls: 'none' })
    const mailer = mailerFor(smtp, { host: '127.0.0.1' })
    await mailer.send(message)
    expect(mailer.status()).toBe('ok')
    await smtp.stop()
    await failure(mailer.send(message))
    expect(mailer.status()).toBe('failing')
    await smtp.start()
    await mailer.send(message)
    expect(mailer.status()).toBe('ok')
  })
})

describe('log lines stay readable whatever the credentials, and never hold them', () => {
  const readable = [
    ['one-letter', 'u', 'p'],
    ['common-word', 'mail', 'password'],
    ['sentence-word', 'refusing', 'connection'],
  ] as const

  test.each(readable)(
    '%s credentials: a refused AUTH reads as its reply code',
    async (_n, u, p) => {
      const smtp = await server() // STARTTLS, an account that is not this one
      const error = await failure(mailerFor(smtp, { username: u, password: p }).send(message))
      expect(error).toBe(
        `SMTP localhost:${smtp.port} failed: authentication failed: 535 5.7.8 (authentication credentials invalid)`,
      )
    },
  )

  test.each(readable)(
    '%s credentials: a refused recipient keeps the reply intact',
    async (_n, u, p) => {
      const smtp = await server({ username: u, password: p, refuse: [message.to] })
      const error = await failure(mailerFor(smtp).send(message))
      expect(error).toBe(
        `SMTP localhost:${smtp.port} failed: Invalid RCPT TO: <[recipient]> 550 Mailbox unavailable`,
      )
      expect(smtp.authAttempts.map((a) => a.username)).toEqual([u])
    },
  )

  test.if(Boolean(remote)).each(readable)(
    '%s credentials: the refusal to send in clear text is word for word',
    async (_n, u, p) => {
      const smtp = await server({ tls: 'none', listenOn: remote })
      const error = await failure(mailerFor(smtp, { username: u, password: p }).send(message))
      expect(error).toBe(`SMTP ${remote}:${smtp.port} failed: ${CLEAR_TEXT_REFUSAL}`)
    },
  )

  test('a server that echoes the credentials in its AUTH reply: none of them is repeated', async () => {
    const smtp = await server({ echoCredentials: true })
    const username = 'relay-user-7c1f'
    const password = 'relay-secret-9d2e'
    const error = await failure(mailerFor(smtp, { username, password }).send(message))
    expect(error).toBe(
      `SMTP localhost:${smtp.port} failed: authentication failed: 535 5.7.8 (authentication credentials invalid)`,
    )
    for (const secret of [username, password, btoa(`\0${username}\0${password}`)])
      expect(error).not.toContain(secret)
  })

  test('a reply after AUTH naming the user: the name is replaced, the reply stays readable', async () => {
    const smtp = await server({ username: 'relay-user-7c1f', refuseSender: true })
    const error = await failure(mailerFor(smtp).send(message))
    expect(error).toEndWith('553 5.7.1 Sender address rejected: not owned by user [redacted]')
    expect(error).not.toContain('relay-user-7c1f')
    expect(error).not.toContain(smtp.password)
  })

  test('one-letter user name named in a reply: only that word goes', async () => {
    const smtp = await server({ username: 'u', password: 'p', refuseSender: true })
    const error = await failure(mailerFor(smtp).send(message))
    expect(error).toEndWith('553 5.7.1 Sender address rejected: not owned by user [redacted]')
    expect(error).toStartWith(`SMTP localhost:${smtp.port} failed: Invalid MAIL FROM: `)
  })
})
