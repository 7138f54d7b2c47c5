// One SMTP session with worker-mailer: opened with the adapter's AUTH rules, and a deadline for
// each step.
import { type EmailOptions, LogLevel, WorkerMailer, type WorkerMailerOptions } from 'worker-mailer'
import { isLoopbackHost } from '../loopback'
import { authFailure, SmtpFailure } from './smtp-errors'

export interface SmtpServer {
  host: string
  port: number
  /** Implicit TLS from the first byte (usually port 465); otherwise STARTTLS when offered. */
  secure: boolean
  username?: string
  password?: string
  /**
   * Upper bound for a whole send: connect, greeting, TLS, AUTH, DATA (and the wait for a busy
   * connection).
   */
  timeoutMs: number
}

/**
 * The members of worker-mailer 1.2.1 used beyond its public API. Its static connect()
 * leaves the socket open when the session fails (a tarpit, a refused password) and gives
 * no handle to close it, so the adapter builds the instance itself and owns the socket.
 * Its auth() step is replaced (see openSession); the start-up check uses the first steps.
 */
export interface SmtpSession {
  socket: { close(): Promise<void>; closed: Promise<void> }
  /** False once the session closed itself (a failed RSET after a refused message). */
  active: boolean
  initializeSmtpSession(): Promise<void>
  start(): Promise<void>
  send(email: EmailOptions): Promise<void>
  close(error?: Error): Promise<void>
  waitForSocketConnected(): Promise<void>
  greet(): Promise<void>
  ehlo(): Promise<void>
  /** Runs once EHLO (and STARTTLS, when offered) are done. */
  auth(): Promise<void>
  /** What the last EHLO offered. */
  allowAuth: boolean
  supportsStartTls: boolean
}
const Session = WorkerMailer as unknown as new (options: WorkerMailerOptions) => SmtpSession

/** Why a mail with credentials is not sent to a server that is neither encrypted nor local. */
export const CLEAR_TEXT_REFUSAL =
  'refusing to send credentials over an unencrypted connection: the server offers no ' +
  'STARTTLS and is not on this machine (use a server that offers STARTTLS, SMTP_SECURE=true ' +
  'for implicit TLS, or a relay on this machine)'

/**
 * Whether sending depends on the server offering STARTTLS: credentials, no implicit TLS, and a
 * host that is not this machine. Go's net/smtp makes the same loopback exception: a
 * connection to 127.0.0.0/8, ::1 or localhost never crosses a network to be read on.
 */
export const needsStartTls = (server: SmtpServer): boolean =>
  Boolean(server.username) && !server.secure && !isLoopbackHost(server.host)

export function openSession(options: SmtpServer): SmtpSession {
  const { host, port, secure, username, password = '', timeoutMs } = options
  const session = new Session({
    host,
    port,
    secure,
    startTls: true,
    credentials: username ? { username, password } : undefined,
    authType: ['plain', 'login'],
    socketTimeoutMs: timeoutMs,
    responseTimeoutMs: timeoutMs,
    logLevel: LogLevel.NONE,
    // Where the server speaks DSN: bounces still reach the sender (worker-mailer's default
    // is NOTIFY=NEVER), and carry only headers, never the body with its link token.
    dsn: { RET: { HEADERS: true }, NOTIFY: { FAILURE: true, DELAY: true } },
  })
  // startTls() replaces session.socket; until then the connection is in clear text.
  const clearSocket = session.socket
  const authenticate = session.auth.bind(session)
  session.auth = async () => {
    // Why: no SMTP_USERNAME means never authenticate. worker-mailer 1.2.1 fails whenever the
    // server offers AUTH and it has no credentials, yet MailHog, smtp4dev and submission
    // ports with optional AUTH offer it without requiring it.
    if (!username) return
    // Why before looking at AUTH: worker-mailer would send credentials whenever AUTH is
    // offered, STARTTLS or not (or stripped by someone in between); and a server that
    // offers no AUTH must not get the mail in clear text from an app that has credentials.
    const encrypted = secure || session.socket !== clearSocket
    if (!encrypted && needsStartTls(options)) throw new SmtpFailure(CLEAR_TEXT_REFUSAL)
    // As Go's net/smtp: credentials were configured, so a server without AUTH is the wrong one.
    if (!session.allowAuth)
      throw new SmtpFailure('the server offers no AUTH, but SMTP_USERNAME is set')
    await authenticate().catch((error: unknown) => {
      throw authFailure(error)
    })
  }
  return session
}

export function startSending(session: SmtpSession, email: EmailOptions): Promise<void> {
  // Its send loop reports each message's failure through the promise send() returns.
  session.start().catch(() => {})
  return session.send(email)
}

/**
 * Connects, reads the greeting and the EHLO reply, and says QUIT: whether the server offers
 * STARTTLS. Sends nothing else (no AUTH, no mail); bounded by the server's timeout.
 */
export async function offersStartTls(options: SmtpServer): Promise<boolean> {
  const session = openSession(options)
  const deadline = deadlineOf(options.timeoutMs)
  try {
    const hello = (async () => {
      await session.waitForSocketConnected()
      await session.greet()
      await session.ehlo()
    })()
    hello.catch(() => {}) // when the deadline wins, the abandoned attempt still settles later
    await Promise.race([hello, deadline.promise])
    await Promise.race([session.close(), deadline.promise]).catch(() => {})
    return session.supportsStartTls
  } finally {
    deadline.clear()
    session.socket.close().catch(() => {})
  }
}

export interface Deadline {
  expired: boolean
  promise: Promise<never>
  clear(): void
}

export function deadlineOf(ms: number): Deadline {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline: Deadline = {
    expired: false,
    promise: new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        deadline.expired = true
        reject(new SmtpFailure(`no answer within ${ms} ms`))
      }, ms)
    }),
    clear: () => clearTimeout(timer),
  }
  deadline.promise.catch(() => {})
  return deadline
}
