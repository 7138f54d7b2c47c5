// `cloudflare:sockets` for Bun on node:net/node:tls: the part of the Workers Socket API
// worker-mailer uses.
import net from 'node:net'
import tls from 'node:tls'
import {
  parseAddress,
  type SecureTransport,
  type Socket,
  type SocketAddress,
  type SocketInfo,
  type SocketOptions,
  settleable,
} from '../sockets-api'

export type { Socket, SocketAddress, SocketOptions } from '../sockets-api'

export function connect(address: string | SocketAddress, options: SocketOptions = {}): Socket {
  const { hostname, port } = typeof address === 'string' ? parseAddress(address) : address
  const mode = options.secureTransport ?? 'off'
  if (options.allowHalfOpen) throw new TypeError('allowHalfOpen: true is not supported')
  if (mode === 'on')
    return wrap(tls.connect({ port, ...verifiedTls(hostname) }), 'secureConnect', mode, null)
  const socket = net.connect({ host: hostname, port })
  return wrap(socket, 'connect', mode, mode === 'starttls' ? hostname : null)
}

// Why: every TLS path checks the chain against the trusted roots and checks that the
// certificate names `hostname` (node:tls verifies against `host`; `servername` is the SNI,
// which RFC 6066 forbids for IP literals). Nothing here can turn verification off.
function verifiedTls(hostname: string): tls.ConnectionOptions {
  return {
    host: hostname,
    servername: net.isIP(hostname) ? undefined : hostname,
    rejectUnauthorized: true,
  }
}

function wrap(
  socket: net.Socket,
  readyEvent: 'connect' | 'secureConnect',
  mode: SecureTransport,
  starttlsHost: string | null,
): Socket {
  const opened = settleable<SocketInfo>()
  const closed = settleable<void>()
  const pendingWrites = new Set<(error: Error) => void>()
  let readController: ReadableStreamDefaultController<Uint8Array> | undefined
  let isOpen = false
  let upgraded = false
  let closing = false
  let failure: Error | undefined
  let writeError: Error | undefined

  const endReadable = (error: Error) => {
    try {
      readController?.error(error)
    } catch {
      /* already errored */
    }
  }
  const onReady = () => {
    isOpen = true
    opened.resolve({ remoteAddress: socket.remoteAddress, localAddress: socket.localAddress })
  }
  const onData = (chunk: Buffer) => {
    readController?.enqueue(new Uint8Array(chunk))
    // Backpressure: one chunk at a time; the next read (pull) resumes the socket.
    socket.pause()
  }
  // Why error, not close, at end of stream: worker-mailer 1.2.1 loops on `read()` while
  // it returns no value, so a closed stream would spin forever and starve every timer.
  const onEnd = () =>
    endReadable(new Error(closing ? 'Socket closed' : 'Connection closed by the server'))
  const onError = (error: Error) => {
    failure ??= error
    if (!isOpen) opened.reject(error)
    endReadable(error)
    for (const reject of pendingWrites) reject(error)
  }
  const onClose = () => {
    const reason = failure ?? writeError ?? new Error('Socket closed')
    endReadable(reason)
    for (const reject of pendingWrites) reject(reason)
    if (!isOpen) opened.reject(reason)
    if (failure) closed.reject(failure)
    else closed.resolve()
  }
  socket
    .once(readyEvent, onReady)
    .on('data', onData)
    .on('end', onEnd)
    .on('error', onError)
    .once('close', onClose)
  socket.pause()

  const readable = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        readController = controller
      },
      pull() {
        socket.resume()
      },
      cancel() {
        socket.destroy()
      },
    },
    { highWaterMark: 0 },
  )

  const writable = new WritableStream<Uint8Array>({
    write(chunk) {
      // Why: after startTls() the old writer must not reach the wire in clear text.
      if (upgraded) return Promise.reject(new Error('Socket was upgraded to TLS'))
      if (failure || socket.destroyed) return Promise.reject(failure ?? new Error('Socket closed'))
      return new Promise<void>((resolve, reject) => {
        pendingWrites.add(reject)
        socket.write(chunk, (error) => {
          if (!error) {
            pendingWrites.delete(reject)
            return resolve()
          }
          // The callback's error is often a bare "Socket is closed"; the cause (a refused
          // certificate, a reset) arrives as 'error' before 'close', which rejects the write.
          writeError ??= error
          socket.destroy()
        })
      })
    },
    close() {
      return new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.end(resolve)))
    },
    abort() {
      socket.destroy()
    },
  })

  return {
    readable,
    writable,
    opened: opened.promise,
    closed: closed.promise,
    secureTransport: mode,
    get upgraded() {
      return upgraded
    },
    close() {
      closing = true
      if (!upgraded) socket.destroy()
      return closed.promise
    },
    startTls(tlsOptions = {}) {
      if (starttlsHost === null) throw new Error("startTls() needs secureTransport: 'starttls'")
      if (upgraded) throw new Error('startTls() was already called')
      upgraded = true
      socket
        .off(readyEvent, onReady)
        .off('data', onData)
        .off('end', onEnd)
        .off('error', onError)
        .off('close', onClose)
      // Why: whatever the server sent before the handshake dies with the old stream, so
      // clear text cannot be smuggled into the encrypted session (STARTTLS injection).
      endReadable(new Error('Socket was upgraded to TLS'))
      closed.resolve()
      const secure = tls.connect({
        socket,
        ...verifiedTls(tlsOptions.expectedServerHostname ?? starttlsHost),
      })
      secure.once('close', () => socket.destroy())
      return wrap(secure, 'secureConnect', mode, null)
    },
  }
}
