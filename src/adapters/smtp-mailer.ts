// Mailer over SMTP with worker-mailer: a few reused connections, or one per message; every send bounded by a deadline.
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
  /** Upper bound for a whole send: connect, greeting, TLS, AUTH, DATA (and the wait for a busy connection). */
  timeoutMs: number
  /**
   * Keep connections open for the next messages. Not on Workers: a socket there belongs to
   * the request that opened it. Without it, each message has a connection of its own.
   */
  reuse?: SmtpReuse
}

export interface SmtpReuse {
  /** Connections open at once; more concurrent messages wait for the least busy one. */
  maxConnections: number
  /** Messages per connection before it is replaced (servers limit them, often to 100). */
  maxMessages: number
  /** An idle connection is closed after this long, well before servers give up on it (RFC 5321: 5 min). */
  idleMs: number
}

/** What a long-running server uses: saves the connect, greeting, TLS handshake and AUTH of each message. */
export const SMTP_REUSE: SmtpReuse = { maxConnections: 5, maxMessages: 100, idleMs: 10_000 }

export interface SmtpMailer extends Mailer {
  /** Closes the open connections (QUIT); the mailer may still be used, and opens new ones. */
  close(): Promise<void>
}

/**
 * The members of worker-mailer 1.2.1 used beyond its public API. Its static connect()
 * leaves the socket open when the session fails (a tarpit, a refused password) and gives
 * no handle to close it, so the adapter builds the instance itself and owns the socket.
 */
interface SmtpSession {
  socket: { close(): Promise<void>; closed: Promise<void> }
  /** False once the session closed itself (a failed RSET after a refused message). */
  active: boolean
  initializeSmtpSession(): Promise<void>
  start(): Promise<void>
  send(email: EmailOptions): Promise<void>
  close(error?: Error): Promise<void>
}
const Session = WorkerMailer as unknown as new (options: WorkerMailerOptions) => SmtpSession

export function createSmtpMailer(options: SmtpMailerOptions): SmtpMailer {
  const { host, port, username, password = '' } = options
  const from = { email: plainAddress(options.from, 'sender'), name: displayName(options.fromName) }
  // Everything that could echo the credentials back in a server reply or an exception.
  const secrets = username ? [password, username, latin1Base64(password), latin1Base64(`\0${username}\0${password}`)] : []
  const pool = options.reuse && createPool(options, options.reuse)

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
async function sendAlone(options: SmtpMailerOptions, email: EmailOptions): Promise<void> {
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

interface Connection {
  session: SmtpSession
  /** Settles when the session is ready for messages (greeting, EHLO, STARTTLS, AUTH). */
  ready: Promise<void>
  /** Messages handed to it and not yet settled. */
  busy: number
  /** Messages handed to it in all. */
  given: number
  closed: boolean
  idleTimer?: ReturnType<typeof setTimeout>
}

/** A reply or an end of stream that means the server is closing the channel (RFC 5321 §3.8). */
const CLOSING = /\b421\b|closed by the server/i

function createPool(options: SmtpMailerOptions, reuse: SmtpReuse) {
  // Connections that take new messages; retired and failed ones leave this set at once.
  const usable = new Set<Connection>()
  const all = new Set<Connection>()

  function open(): Connection {
    const session = openSession(options)
    const connection: Connection = { session, ready: session.initializeSmtpSession(), busy: 0, given: 0, closed: false }
    usable.add(connection)
    all.add(connection)
    connection.ready.then(
      () => {
        // worker-mailer sends what send() queues, one message after another, on this connection.
        session.start().catch(() => {})
        // The server may hang up on an idle connection: it is then never handed out again.
        session.socket.closed.then(() => discard(connection), () => discard(connection))
      },
      () => discard(connection),
    )
    return connection
  }

  function pick(): Connection {
    let best: Connection | undefined
    for (const connection of usable) if (!best || connection.busy < best.busy) best = connection
    return best && (best.busy === 0 || usable.size >= reuse.maxConnections) ? best : open()
  }

  /** Polite: QUIT first (idle, retired, close()); otherwise the socket ends at once (timeout, hang-up). */
  function discard(connection: Connection, polite = false) {
    usable.delete(connection)
    if (connection.closed) return
    connection.closed = true
    all.delete(connection)
    clearTimeout(connection.idleTimer)
    const { session } = connection
    if (!polite) {
      // Nothing more is said to a server that does not answer; close() then fails whatever
      // was queued behind (the outbox retries it) without waiting.
      session.socket.close().catch(() => {})
      session.close().catch(() => {})
      return
    }
    const quit = deadlineOf(options.timeoutMs)
    Promise.race([session.close(), quit.promise]).catch(() => {}).finally(() => {
      quit.clear()
      session.socket.close().catch(() => {})
    })
  }

  async function sendOn(connection: Connection, email: EmailOptions, deadline: Deadline): Promise<void> {
    connection.busy++
    connection.given++
    clearTimeout(connection.idleTimer)
    if (connection.given >= reuse.maxMessages) usable.delete(connection)
    try {
      const sent = connection.ready.then(() => {
        if (connection.closed) throw new Error('the connection was closed')
        return connection.session.send(email)
      })
      sent.catch(() => {}) // when the deadline wins, the abandoned attempt still settles later
      await Promise.race([sent, deadline.promise])
    } catch (error) {
      // After a timeout the conversation's state is unknown; a server that answers 421 or hangs
      // up is closing the channel. A refused recipient (5xx) leaves the connection usable.
      if (deadline.expired || !connection.session.active || CLOSING.test(String(error))) discard(connection)
      throw error
    } finally {
      connection.busy--
      if (connection.busy === 0) {
        if (!usable.has(connection)) discard(connection, true)
        else connection.idleTimer = unrefTimer(setTimeout(() => discard(connection, true), reuse.idleMs))
      }
    }
  }

  return {
    async send(email: EmailOptions): Promise<void> {
      const connection = pick()
      const reused = connection.given > 0
      const deadline = deadlineOf(options.timeoutMs)
      try {
        await sendOn(connection, email, deadline)
      } catch (error) {
        // A server may hang up on an idle connection (421) without this end noticing until
        // it speaks again: the message then gets one more try, on a new connection.
        if (!reused || !connection.closed || deadline.expired) throw error
        await sendOn(open(), email, deadline)
      } finally {
        deadline.clear()
      }
    },
    async close() {
      const closing = [...all].map((connection) => {
        discard(connection, true)
        return connection.session.socket.closed.catch(() => {})
      })
      await Promise.all(closing)
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

function startSending(session: SmtpSession, email: EmailOptions): Promise<void> {
  // Its send loop reports each message's failure through the promise send() returns.
  session.start().catch(() => {})
  return session.send(email)
}

interface Deadline {
  expired: boolean
  promise: Promise<never>
  clear(): void
}

function deadlineOf(ms: number): Deadline {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline: Deadline = {
    expired: false,
    promise: new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        deadline.expired = true
        reject(new Error(`no answer within ${ms} ms`))
      }, ms)
    }),
    clear: () => clearTimeout(timer),
  }
  deadline.promise.catch(() => {})
  return deadline
}

// An idle connection's timer must not keep a process alive that is otherwise done.
function unrefTimer<T>(timer: T): T {
  ;(timer as { unref?: () => void }).unref?.()
  return timer
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
