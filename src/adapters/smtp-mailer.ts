// Mailer over SMTP with worker-mailer: one connection per message, bounded by a deadline, always closed.
import { LogLevel, WorkerMailer, type EmailOptions, type WorkerMailerOptions } from 'worker-mailer'
import type { MailMessage, Mailer } from '../ports'

export interface SmtpMailerOptions {
  host: string
  port: number
  /** Implicit TLS from the first byte (usually port 465); otherwise STARTTLS when offered. */
  secure: boolean
  username?: string
  password?: string
  from: string
  fromName?: string
  /** Upper bound for a whole send: connect, greeting, TLS, AUTH, DATA. */
  timeoutMs: number
}

/**
 * The members of worker-mailer 1.2.1 used beyond its public API. Its static connect()
 * leaves the socket open when the session fails (a tarpit, a refused password) and gives
 * no handle to close it, so the adapter builds the instance itself and owns the socket.
 */
interface SmtpSession {
  socket: { close(): Promise<void> }
  initializeSmtpSession(): Promise<void>
  start(): Promise<void>
  send(email: EmailOptions): Promise<void>
  close(error?: Error): Promise<void>
}
const Session = WorkerMailer as unknown as new (options: WorkerMailerOptions) => SmtpSession

export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const { host, port, username, password = '', timeoutMs } = options
  const from = { email: plainAddress(options.from, 'sender'), name: displayName(options.fromName) }
  const where = `SMTP ${host}:${port}`
  // Everything that could echo the credentials back in a server reply or an exception.
  const secrets = username ? [password, username, latin1Base64(password), latin1Base64(`\0${username}\0${password}`)] : []

  return {
    async send(message: MailMessage) {
      const email: EmailOptions = {
        from,
        to: plainAddress(message.to, 'recipient'),
        subject: headerText(message.subject, 'subject'),
        text: message.text,
        html: message.html,
      }
      let session: SmtpSession | undefined
      let timer: ReturnType<typeof setTimeout> | undefined
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
      })
      let accepted = false
      try {
        session = openSession(options)
        await Promise.race([deliver(session, email), deadline])
        accepted = true
        // Polite QUIT; the message is already accepted, so its failure is not the caller's.
        await Promise.race([session.close(), deadline]).catch(() => {})
      } catch (error) {
        if (!accepted) throw new Error(`${where} failed: ${redact(error, [...secrets, message.to])}`)
      } finally {
        clearTimeout(timer)
        // Why: whatever happened (tarpit, TLS refusal, bad password), the connection ends here.
        session?.socket.close().catch(() => {})
      }
    },
  }
}

function openSession(options: SmtpMailerOptions): SmtpSession {
  const { host, port, secure, username, password = '', timeoutMs } = options
  const credentials = !username
    ? undefined
    : guardedCredentials(username, password, () => secure || session.socket !== clearSocket)
  const session = new Session({
    host, port, secure, startTls: true, credentials, authType: ['plain', 'login'],
    socketTimeoutMs: timeoutMs, responseTimeoutMs: timeoutMs, logLevel: LogLevel.NONE,
    // Where the server speaks DSN: bounces still reach the sender (worker-mailer's default
    // is NOTIFY=NEVER), and carry only headers, never the body with its link token.
    dsn: { RET: { HEADERS: true }, NOTIFY: { FAILURE: true, DELAY: true } },
  })
  // startTls() replaces session.socket; until then the connection is in clear text.
  const clearSocket = session.socket
  return session
}

async function deliver(session: SmtpSession, email: EmailOptions): Promise<void> {
  await session.initializeSmtpSession()
  // Its send loop reports each message's failure through the promise send() returns.
  session.start().catch(() => {})
  await session.send(email)
}

// Why: worker-mailer sends AUTH whenever the server offers it, even when STARTTLS was not
// offered (or was stripped by someone in between). The credentials are read only when
// AUTH is about to be written, so reading them fails unless the connection is encrypted.
function guardedCredentials(username: string, password: string, encrypted: () => boolean) {
  const check = () => {
    if (!encrypted()) throw new Error('refusing to send credentials over an unencrypted connection (no STARTTLS offered)')
  }
  return {
    get username() { check(); return username },
    get password() { check(); return password },
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
  if (/[\r\n\0]/.test(value)) throw new Error(`Invalid ${what} for SMTP: line breaks are not allowed`)
  return value
}

function displayName(name: string | undefined): string | undefined {
  if (name === undefined || name === '') return undefined
  // worker-mailer writes it between double quotes without escaping.
  if (/["\\\r\n\0]/.test(name)) throw new Error('Invalid sender name for SMTP: quotes, backslashes and line breaks are not allowed')
  return name
}

function redact(error: unknown, secrets: string[]): string {
  let text = error instanceof Error ? error.message : String(error)
  for (const secret of secrets) if (secret) text = text.split(secret).join('[redacted]')
  return text.replace(/\s+/g, ' ').trim().slice(0, 300)
}

function latin1Base64(text: string): string {
  try { return btoa(text) } catch { return '' }
}
