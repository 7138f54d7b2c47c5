// The part of the Workers `cloudflare:sockets` API that worker-mailer uses, shared by the Bun and
// Deno shims.

export type SecureTransport = 'off' | 'on' | 'starttls'

export interface SocketAddress {
  hostname: string
  port: number
}

export interface SocketOptions {
  secureTransport?: SecureTransport
  /** Only `false` (the default, what worker-mailer asks for) is implemented. */
  allowHalfOpen?: boolean
}

export interface SocketInfo {
  remoteAddress?: string
  localAddress?: string
}

export interface TlsOptions {
  expectedServerHostname?: string
}

export interface Socket {
  readonly readable: ReadableStream<Uint8Array>
  readonly writable: WritableStream<Uint8Array>
  readonly opened: Promise<SocketInfo>
  readonly closed: Promise<void>
  readonly secureTransport: SecureTransport
  readonly upgraded: boolean
  close(): Promise<void>
  startTls(options?: TlsOptions): Socket
}

export function parseAddress(address: string): SocketAddress {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address)
  if (!match?.[1] || !match[2]) throw new TypeError('Expected "hostname:port"')
  return { hostname: match[1], port: Number(match[2]) }
}

/** A promise with its resolvers; a rejection nobody awaits is not an unhandled one. */
export function settleable<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: Error) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  // Callers may never look at `opened`/`closed` (worker-mailer ignores `closed`): a
  // failure must not become an unhandled rejection that ends the process.
  promise.catch(() => {})
  return { promise, resolve, reject }
}
