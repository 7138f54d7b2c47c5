// `cloudflare:sockets` for Deno on Deno.connect/startTls: the part of the Workers Socket API
// worker-mailer uses.
import type { Conn, DenoApi } from './deno-api'

declare const Deno: DenoApi

import {
  parseAddress,
  type SecureTransport,
  type Socket,
  type SocketAddress,
  type SocketOptions,
  settleable,
} from '../sockets-api'

export type { Socket, SocketAddress, SocketOptions } from '../sockets-api'

export function connect(address: string | SocketAddress, options: SocketOptions = {}): Socket {
  const { hostname, port } = typeof address === 'string' ? parseAddress(address) : address
  const mode = options.secureTransport ?? 'off'
  if (options.allowHalfOpen) throw new TypeError('allowHalfOpen: true is not supported')
  // Why no TLS options: Deno verifies the chain against its root store (plus DENO_CERT /
  // --cert) and the certificate against `hostname`, and nothing here can turn that off.
  const connecting =
    mode === 'on'
      ? Deno.connectTls({ hostname, port }).then(handshaken)
      : Deno.connect({ hostname, port, transport: 'tcp' })
  return wrap(connecting, mode, mode === 'starttls' ? hostname : null)
}

async function handshaken<T extends { handshake(): Promise<unknown> }>(conn: T): Promise<T> {
  await conn.handshake()
  return conn
}

function wrap(
  connecting: Promise<Conn>,
  mode: SecureTransport,
  starttlsHost: string | null,
): Socket {
  const closed = settleable<void>()
  let conn: Conn | undefined
  let upgraded = false
  let done = false
  let readController: ReadableStreamDefaultController<Uint8Array> | undefined

  const finish = (error?: Error) => {
    if (done) return
    done = true
    try {
      readController?.error(error ?? new Error('Socket closed'))
    } catch {
      /* already errored */
    }
    if (!upgraded)
      try {
        conn?.close()
      } catch {
        /* already closed */
      }
    error ? closed.reject(error) : closed.resolve()
  }
  connecting.then(
    (c) => {
      conn = c
    },
    (error: Error) => finish(error),
  )
  const opened = connecting.then((c) => ({
    remoteAddress: address(c.remoteAddr),
    localAddress: address(c.localAddr),
  }))
  opened.catch(() => {})

  const readable = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        readController = controller
      },
      async pull(controller) {
        const c = await connecting
        const buffer = new Uint8Array(16 * 1024)
        const n = await c
          .read(buffer)
          .catch((error: Error) => (done || upgraded ? null : Promise.reject(error)))
        if (upgraded) return
        // Why error, not close, at end of stream: worker-mailer 1.2.1 loops on `read()` while
        // it returns no value, so a closed stream would spin forever and starve every timer.
        if (n === null) return finish()
        controller.enqueue(buffer.subarray(0, n))
      },
      cancel() {
        finish()
      },
    },
    // Read only when asked: a read in flight would hold the connection that startTls() takes over.
    { highWaterMark: 0 },
  )

  const writable = new WritableStream<Uint8Array>({
    async write(chunk) {
      // Why: after startTls() the old writer must not reach the wire in clear text.
      if (upgraded) throw new Error('Socket was upgraded to TLS')
      if (done) throw new Error('Socket closed')
      const c = await connecting
      for (let offset = 0; offset < chunk.length; ) offset += await c.write(chunk.subarray(offset))
    },
    close() {
      finish()
    },
    abort() {
      finish()
    },
  })

  return {
    readable,
    writable,
    opened,
    closed: closed.promise,
    secureTransport: mode,
    get upgraded() {
      return upgraded
    },
    close() {
      finish()
      return closed.promise
    },
    startTls(options = {}) {
      if (starttlsHost === null) throw new Error("startTls() needs secureTransport: 'starttls'")
      if (upgraded || done)
        throw new Error(upgraded ? 'startTls() was already called' : 'Socket closed')
      // Why: whatever the server sent before the handshake dies with the old stream, so
      // clear text cannot be smuggled into the encrypted session (STARTTLS injection).
      try {
        readController?.error(new Error('Socket was upgraded to TLS'))
      } catch {}
      upgraded = true
      finish()
      const hostname = options.expectedServerHostname ?? starttlsHost
      return wrap(
        connecting.then((c) => Deno.startTls(c, { hostname })).then(handshaken),
        mode,
        null,
      )
    },
  }
}

function address(addr: { hostname: string; port: number }): string {
  return addr.hostname.includes(':')
    ? `[${addr.hostname}]:${addr.port}`
    : `${addr.hostname}:${addr.port}`
}
