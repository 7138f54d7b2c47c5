// Test SMTP peers: a real smtp-server sink (STARTTLS or implicit TLS, AUTH), a tarpit and a hang-up.
import { readFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import tls from 'node:tls'
import PostalMime from 'postal-mime'
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server'

const fixture = (name: string) => new URL(`../fixtures/tls/${name}`, import.meta.url)
const pem = (name: string) => readFileSync(fixture(name), 'utf8')

/** The test-only CA that signed the fixtures in test/fixtures/tls (its key was discarded). */
export const testCaPem = pem('ca.pem')
/** For processes a test starts (bun, wrangler dev): `NODE_EXTRA_CA_CERTS: testCaPath`. */
export const testCaPath = fixture('ca.pem').pathname

// Why here and not in production code: this adds the test CA to this test process's
// default trust store only (Bun 1.4 implements node's tls.setDefaultCACertificates), so
// the app's code keeps full chain and hostname verification and needs no test switch.
// NODE_EXTRA_CA_CERTS would also work, but only when set before Bun starts.
tls.setDefaultCACertificates([...tls.getCACertificates('default'), testCaPem])

export type TestCertificate = 'localhost' | 'localhost-name-only' | 'wrong-host' | 'untrusted'

export interface SmtpServerOptions {
  /**
   * AUTH PLAIN/LOGIN required (default true); false: not offered; 'optional': offered but not
   * required (MailHog, smtp4dev, a submission port with optional AUTH).
   */
  auth?: boolean | 'optional'
  /** 'none' offers AUTH in clear text (to prove the mailer refuses to use it). Default 'starttls'. */
  tls?: 'starttls' | 'implicit' | 'none'
  /** The certificate the server presents (default 'localhost', trusted through the test CA). */
  certificate?: TestCertificate
  /** Advertise DSN (RFC 3461), hidden by default like most test sinks. */
  dsn?: boolean
  /** Recipients answered with 550 at RCPT TO. */
  refuse?: string[]
  /** Hang up on a client that has said nothing for this long (a server's idle timeout). */
  idleTimeoutMs?: number
  /** The address to listen on, and `host` of the server (default: 127.0.0.1, `host` localhost). */
  listenOn?: string
  /** The account AUTH accepts (default: gatehouse-test and a random password). */
  username?: string
  password?: string
  /** A refused AUTH answers with what it was sent: the user name, the password, the base64. */
  echoCredentials?: boolean
  /** MAIL FROM is refused with a reply naming the authenticated user (as Postfix does). */
  refuseSender?: boolean
}

export interface ReceivedMail {
  /** SMTP envelope; `*Args` are the MAIL FROM / RCPT TO parameters (RET, NOTIFY…) by name. */
  envelope: { from: string; to: string[]; mailFromArgs: object; rcptToArgs: object[] }
  from: { address: string; name: string } | undefined
  to: string[]
  subject: string
  html: string
  text: string
  /** Header values by lower-case name (the last one wins). */
  headers: Record<string, string>
  /** Whether the message travelled over TLS, and who had authenticated. */
  secure: boolean
  user: string | undefined
}

export interface AuthAttempt {
  method: string
  username: string
  secure: boolean
}

export interface TestSmtpServer {
  host: string
  port: number
  username: string
  password: string
  messages: ReceivedMail[]
  authAttempts: AuthAttempt[]
  openConnections(): number
  /** Connections accepted since start. */
  connectionsAccepted(): number
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>
  /** Resolves once no client is connected any more. */
  waitForIdle(timeoutMs?: number): Promise<void>
  stop(): Promise<void>
  /** Starts again on the same port after stop(). */
  start(): Promise<void>
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const {
    auth = true,
    tls: mode = 'starttls',
    certificate = 'localhost',
    dsn = false,
    refuse = [],
    idleTimeoutMs,
    listenOn,
    username = 'gatehouse-test',
    password = `pw-${crypto.randomUUID()}`,
    echoCredentials = false,
    refuseSender = false,
  } = options
  const messages: ReceivedMail[] = []
  const authAttempts: AuthAttempt[] = []
  let connections = 0
  let accepted = 0
  const serverOptions: SMTPServerOptions = {
    logger: false,
    secure: mode === 'implicit',
    key: pem(`${certificate}-key.pem`),
    cert: pem(`${certificate}.pem`),
    disabledCommands: [...(mode === 'none' ? ['STARTTLS'] : []), ...(auth ? [] : ['AUTH'])],
    allowInsecureAuth: mode === 'none',
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: auth !== true,
    disableReverseLookup: true,
    hideDSN: !dsn,
    closeTimeout: 200,
    ...(idleTimeoutMs !== undefined && { socketTimeout: idleTimeoutMs }),
    onConnect(_session, callback) {
      connections++
      accepted++
      callback()
    },
    onRcptTo(address, _session, callback) {
      if (!refuse.includes(address.address)) return callback()
      callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }))
    },
    onClose() {
      connections--
    },
    onAuth(attempt, session, callback) {
      authAttempts.push({
        method: attempt.method,
        username: attempt.username ?? '',
        secure: session.secure,
      })
      if (attempt.username === username && attempt.password === password)
        return callback(null, { user: username })
      const plain = btoa(`\0${attempt.username}\0${attempt.password}`)
      const echo = ` for ${attempt.username} with ${attempt.password} (${plain})`
      callback(
        Object.assign(new Error(`5.7.8 Authentication failed${echoCredentials ? echo : ''}`), {
          responseCode: 535,
        }),
      )
    },
    onMailFrom(_address, session, callback) {
      if (!refuseSender) return callback()
      const reply = `5.7.1 Sender address rejected: not owned by user ${session.user}`
      callback(Object.assign(new Error(reply), { responseCode: 553 }))
    },
    onData(stream, session, callback) {
      new Response(stream as unknown as ReadableStream)
        .arrayBuffer()
        .then(async (raw) => {
          messages.push(await toReceivedMail(raw, session))
          callback()
        })
        .catch((error: Error) => callback(error))
    },
  }
  let server = createSmtpServer(serverOptions)
  const port = await listen(server.server, 0, listenOn)
  const self: TestSmtpServer = {
    host: listenOn ?? 'localhost',
    port,
    username,
    password,
    messages,
    authAttempts,
    openConnections: () => connections,
    connectionsAccepted: () => accepted,
    async waitFor(predicate, timeoutMs = 2000) {
      let found: ReceivedMail | undefined
      await poll(
        () => {
          found = messages.find(predicate)
          return found !== undefined
        },
        timeoutMs,
        `no matching mail (${messages.length} received)`,
      )
      return found as ReceivedMail
    },
    waitForIdle: (timeoutMs = 2000) =>
      poll(() => connections === 0, timeoutMs, `${connections} client(s) still connected`),
    stop: () => new Promise<void>((resolve) => server.close(resolve)),
    async start() {
      server = createSmtpServer(serverOptions)
      await listen(server.server, port, listenOn)
    },
  }
  return self
}

async function toReceivedMail(raw: ArrayBuffer, session: SMTPServerSession): Promise<ReceivedMail> {
  const mail = await PostalMime.parse(raw)
  const from =
    mail.from?.address === undefined
      ? undefined
      : { address: mail.from.address, name: mail.from.name }
  const { mailFrom, rcptTo } = session.envelope
  return {
    envelope: {
      from: mailFrom ? mailFrom.address : '',
      to: rcptTo.map((r) => r.address),
      mailFromArgs: (mailFrom ? mailFrom.args : undefined) || {},
      rcptToArgs: rcptTo.map((r) => r.args || {}),
    },
    from,
    to: (mail.to ?? []).flatMap((a) =>
      a.address === undefined ? a.group.map((m) => m.address) : [a.address],
    ),
    subject: mail.subject ?? '',
    html: mail.html ?? '',
    text: mail.text ?? '',
    headers: Object.fromEntries(mail.headers.map((h) => [h.key, h.value])),
    secure: session.secure,
    user: session.user,
  }
}

export interface RawPeer {
  host: string
  port: number
  openConnections(): number
  waitForIdle(timeoutMs?: number): Promise<void>
  stop(): Promise<void>
}

/** Accepts TCP connections, reads what comes and never says a word: the mailer must give up on its own. */
export const startTarpit = (listenOn?: string) =>
  startRawPeer((socket) => socket.resume(), listenOn)

/** Accepts TCP connections and hangs up at once, before any greeting. */
export const startHangUp = () => startRawPeer((socket) => socket.end())

async function startRawPeer(
  onConnection: (socket: net.Socket) => void,
  listenOn = '127.0.0.1',
): Promise<RawPeer> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {}).once('close', () => sockets.delete(socket))
    onConnection(socket)
  })
  const port = await listen(server, 0, listenOn)
  return {
    host: listenOn,
    port,
    openConnections: () => sockets.size,
    waitForIdle: (timeoutMs = 2000) =>
      poll(() => sockets.size === 0, timeoutMs, `${sockets.size} client(s) still connected`),
    stop() {
      for (const socket of sockets) socket.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function listen(server: net.Server, port: number, address = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, address, () => resolve((server.address() as net.AddressInfo).port))
  })
}

/** An IPv4 address of this machine that is not loopback (undefined when it has none). */
export function nonLoopbackAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.'))
    ?.address
}

function createSmtpServer(options: SMTPServerOptions): SMTPServer {
  // A client that gives up mid-handshake (as the wrong-certificate tests do) is expected.
  return new SMTPServer(options).on('error', () => {})
}

async function poll(done: () => boolean, timeoutMs: number, failure: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${failure}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
