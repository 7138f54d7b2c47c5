// Mailer over SMTP with worker-mailer: a few reused connections, or one per message; every send bounded by a deadline.
import type { EmailOptions } from 'worker-mailer'
import type { Mailer, MailMessage } from '../ports'
import { createSmtpPool, type SmtpReuse } from './smtp-pool'
import { deadlineOf, openSession, type SmtpServer, startSending } from './smtp-session'

export interface SmtpMailerOptions extends SmtpServer {
  from: string
  fromName?: string
  /**
   * Keep connections open for the next messages. Not on Workers: a socket there belongs to
   * the request that opened it. Without it, each message has a connection of its own.
   */
  reuse?: SmtpReuse
}

export interface SmtpMailer extends Mailer {
  /** Closes the open connections (QUIT); the mailer may still be used, and opens new ones. */
  close(): Promise<void>
}

export function createSmtpMailer(options: SmtpMailerOptions): SmtpMailer {
  const { host, port, username, password = '' } = options
  const from = { email: plainAddress(options.from, 'sender'), name: displayName(options.fromName) }
  // Everything that could echo the credentials back in a server reply or an exception.
  const secrets = username
    ? [password, username, latin1Base64(password), latin1Base64(`\0${username}\0${password}`)]
    : []
  const pool = options.reuse && createSmtpPool(options, options.reuse)

  return {
    async send(message: MailMessage) {
      const email: EmailOptions = {
        from,
        to: plainAddress(message.to, 'recipient'),
        subject: headerText(message.subject, 'subject'),
        text: message.text,
        html: message.html,
      }
      try {
        await (pool ? pool.send(email) : sendAlone(options, email))
      } catch (error) {
        throw new Error(`SMTP ${host}:${port} failed: ${redact(error, [...secrets, message.to])}`)
      }
    },
    close: async () => pool?.close(),
  }
}

/** One connection for one message, closed whatever happens. */
async function sendAlone(options: SmtpServer, email: EmailOptions): Promise<void> {
  const session = openSession(options)
  const deadline = deadlineOf(options.timeoutMs)
  try {
    const sent = session.initializeSmtpSession().then(() => startSending(session, email))
    sent.catch(() => {}) // when the deadline wins, the abandoned attempt still settles later
    await Promise.race([sent, deadline.promise])
    // Polite QUIT; the message is already accepted, so its failure is not the caller's.
    await Promise.race([session.close(), deadline.promise]).catch(() => {})
  } finally {
    deadline.clear()
    // Why: whatever happened (tarpit, TLS refusal, bad password), the connection ends here.
    session.socket.close().catch(() => {})
  }
}

// Why: addresses and the subject land in SMTP commands and mail headers; CR or LF there
// would let a caller add commands or headers. The app validates emails; this holds anyway.
const PLAIN_ADDRESS = /^[^\s\x00-\x1f\x7f<>()[\],;:"\\@]+@[^\s\x00-\x1f\x7f<>()[\],;:"\\@]+$/

function plainAddress(address: string, what: string): string {
  if (!PLAIN_ADDRESS.test(address)) throw new Error(`Invalid ${what} address for SMTP`)
  return address
}

function headerText(value: string, what: string): string {
  if (/[\r\n\0]/.test(value))
    throw new Error(`Invalid ${what} for SMTP: line breaks are not allowed`)
  return value
}

function displayName(name: string | undefined): string | undefined {
  if (name === undefined || name === '') return undefined
  // worker-mailer writes it between double quotes without escaping.
  if (/["\\\r\n\0]/.test(name))
    throw new Error(
      'Invalid sender name for SMTP: quotes, backslashes and line breaks are not allowed',
    )
  return name
}

function redact(error: unknown, secrets: string[]): string {
  let text = error instanceof Error ? error.message : String(error)
  for (const secret of secrets) if (secret) text = text.split(secret).join('[redacted]')
  return text.replace(/\s+/g, ' ').trim().slice(0, 300)
}

function latin1Base64(text: string): string {
  try {
    return btoa(text)
  } catch {
    return ''
  }
}
