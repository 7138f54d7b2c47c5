// One SMTP session with worker-mailer: opened with the adapter's guards, and a deadline for each step.
import { type EmailOptions, LogLevel, WorkerMailer, type WorkerMailerOptions } from 'worker-mailer'

export interface SmtpServer {
  host: string
  port: number
  /** Implicit TLS from the first byte (usually port 465); otherwise STARTTLS when offered. */
  secure: boolean
  username?: string
  password?: string
  /** Upper bound for a whole send: connect, greeting, TLS, AUTH, DATA (and the wait for a busy connection). */
  timeoutMs: number
}

/**
 * The members of worker-mailer 1.2.1 used beyond its public API. Its static connect()
 * leaves the socket open when the session fails (a tarpit, a refused password) and gives
 * no handle to close it, so the adapter builds the instance itself and owns the socket.
 */
export interface SmtpSession {
  socket: { close(): Promise<void>; closed: Promise<void> }
  /** False once the session closed itself (a failed RSET after a refused message). */
  active: boolean
  initializeSmtpSession(): Promise<void>
  start(): Promise<void>
  send(email: EmailOptions): Promise<void>
  close(error?: Error): Promise<void>
}
const Session = WorkerMailer as unknown as new (options: WorkerMailerOptions) => SmtpSession

export function openSession(options: SmtpServer): SmtpSession {
  const { host, port, secure, username, password = '', timeoutMs } = options
  const credentials = !username
    ? undefined
    : guardedCredentials(username, password, () => secure || session.socket !== clearSocket)
  const session = new Session({
    host,
    port,
    secure,
    startTls: true,
    credentials,
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
  return session
}

export function startSending(session: SmtpSession, email: EmailOptions): Promise<void> {
  // Its send loop reports each message's failure through the promise send() returns.
  session.start().catch(() => {})
  return session.send(email)
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
        reject(new Error(`no answer within ${ms} ms`))
      }, ms)
    }),
    clear: () => clearTimeout(timer),
  }
  deadline.promise.catch(() => {})
  return deadline
}

// Why: worker-mailer sends AUTH whenever the server offers it, even when STARTTLS was not
// offered (or was stripped by someone in between). The credentials are read only when
// AUTH is about to be written, so reading them fails unless the connection is encrypted.
function guardedCredentials(username: string, password: string, encrypted: () => boolean) {
  const check = () => {
    if (!encrypted())
      throw new Error(
        'refusing to send credentials over an unencrypted connection (no STARTTLS offered)',
      )
  }
  return {
    get username() {
      check()
      return username
    },
    get password() {
      check()
      return password
    },
  }
}
