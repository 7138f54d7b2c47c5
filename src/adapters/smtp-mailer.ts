// Mailer over SMTP with worker-mailer: a few reused connections, or one per message; every send
// bounded by a deadline.
import type { EmailOptions } from 'worker-mailer'
import type { Log, Mailer, MailMessage } from '../ports'
import { credentialForms, describeFailure } from './smtp-errors'
import { createSmtpHealth, type SmtpHealth } from './smtp-health'
import { createSmtpPool, type SmtpReuse } from './smtp-pool'
import {
  CLEAR_TEXT_REFUSAL,
  deadlineOf,
  needsStartTls,
  offersStartTls,
  openSession,
  type SmtpServer,
  startSending,
} from './smtp-session'

export interface SmtpMailerOptions extends SmtpServer {
  from: string
  fromName?: string
  /**
   * Keep connections open for the next messages. Not on Workers: a socket there belongs to
   * the request that opened it. Without it, each message has a connection of its own.
   */
  reuse?: SmtpReuse
  /** Where the outcomes are recorded (default: one record of this mailer's own). */
  health?: SmtpHealth
}

export interface SmtpMailer extends Mailer {
  /** Closes the open connections (QUIT); the mailer may still be used, and opens new ones. */
  close(): Promise<void>
  /**
   * For the long-running servers, once at start, never awaited before serving: when sending
   * depends on STARTTLS (see needsStartTls), asks the server whether it offers it, and says
   * in one log line that every mail will be refused when it does not.
   */
  checkAtStart(log: Log): Promise<void>
}

export function createSmtpMailer(options: SmtpMailerOptions): SmtpMailer {
  const { host, port, username, password } = options
  const from = { email: plainAddress(options.from, 'sender'), name: displayName(options.fromName) }
  const server = `${host}:${port}`
  // Everything of the credentials a server reply could echo back.
  const secrets = credentialForms(username, password)
  const pool = options.reuse && createSmtpPool(options, options.reuse)
  const health = options.health ?? createSmtpHealth()

  return {
    async send(message: MailMessage) {
      const email: EmailOptions = {
        from,
        to: plainAddress(message.to, 'recipient'),
        subject: headerText(message.subject, 'subject'),
        text: message.text,
        html: message.html,
        headers: { 'Content-Language': message.language },
      }
      try {
        await (pool ? pool.send(email) : sendAlone(options, email))
        health.record(true)
      } catch (error) {
        health.record(false)
        throw new Error(`SMTP ${server} failed: ${describeFailure(error, secrets, message.to)}`)
      }
    },
    status: () => health.state(),
    close: async () => pool?.close(),
    async checkAtStart(log) {
      if (!needsStartTls(options)) return
      try {
        if (await offersStartTls(options)) return
        health.record(false)
        log.error('mail.refused', {
          server,
          error: `SMTP ${server}: ${CLEAR_TEXT_REFUSAL}; every mail will be refused until then`,
        })
      } catch (error) {
        // Not a refusal: the first attempt will tell (and be retried).
        const reason = describeFailure(error, secrets)
        log.warn('mail.check_failed', {
          server,
          error: `SMTP ${server}: could not check for STARTTLS at start: ${reason}`,
        })
      }
    },
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
