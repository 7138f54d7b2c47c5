// Reused SMTP connections: a few open at once, each sending one message after another.
import type { EmailOptions } from 'worker-mailer'
import {
  type Deadline,
  deadlineOf,
  openSession,
  type SmtpServer,
  type SmtpSession,
} from './smtp-session'

export interface SmtpReuse {
  /** Connections open at once; more concurrent messages wait for the least busy one. */
  maxConnections: number
  /** Messages per connection before it is replaced (servers limit them, often to 100). */
  maxMessages: number
  /**
   * An idle connection is closed after this long, well before servers give up on it (RFC 5321: 5
   * min).
   */
  idleMs: number
}

/**
 * What a long-running server uses: saves the connect, greeting, TLS handshake and AUTH of each
 * message.
 */
export const SMTP_REUSE: SmtpReuse = { maxConnections: 5, maxMessages: 100, idleMs: 10_000 }

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

export function createSmtpPool(options: SmtpServer, reuse: SmtpReuse) {
  // Connections that take new messages; retired and failed ones leave this set at once.
  const usable = new Set<Connection>()
  const all = new Set<Connection>()

  function open(): Connection {
    const session = openSession(options)
    const connection: Connection = {
      session,
      ready: session.initializeSmtpSession(),
      busy: 0,
      given: 0,
      closed: false,
    }
    usable.add(connection)
    all.add(connection)
    connection.ready.then(
      () => {
        // worker-mailer sends what send() queues, one message after another, on this connection.
        session.start().catch(() => {})
        // The server may hang up on an idle connection: it is then never handed out again.
        session.socket.closed.then(
          () => discard(connection),
          () => discard(connection),
        )
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

  /**
   * Polite: QUIT first (idle, retired, close()); otherwise the socket ends at once (timeout,
   * hang-up).
   */
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
    Promise.race([session.close(), quit.promise])
      .catch(() => {})
      .finally(() => {
        quit.clear()
        session.socket.close().catch(() => {})
      })
  }

  async function sendOn(
    connection: Connection,
    email: EmailOptions,
    deadline: Deadline,
  ): Promise<void> {
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
      if (deadline.expired || !connection.session.active || CLOSING.test(String(error)))
        discard(connection)
      throw error
    } finally {
      connection.busy--
      if (connection.busy === 0) {
        if (!usable.has(connection)) discard(connection, true)
        else
          connection.idleTimer = unrefTimer(
            setTimeout(() => discard(connection, true), reuse.idleMs),
          )
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

// An idle connection's timer must not keep a process alive that is otherwise done.
function unrefTimer<T>(timer: T): T {
  ;(timer as { unref?: () => void }).unref?.()
  return timer
}
