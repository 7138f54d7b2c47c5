// The part of the Deno namespace the Deno entry uses, typed here so the project's global types stay
// bun-types.

// Each Deno file declares `const Deno: DenoApi` for itself, so no global `Deno` leaks into
// runtime-neutral code.

export interface NetAddr {
  transport: 'tcp' | 'udp'
  hostname: string
  port: number
}

export interface Conn {
  readonly localAddr: NetAddr
  readonly remoteAddr: NetAddr
  read(buffer: Uint8Array): Promise<number | null>
  write(data: Uint8Array): Promise<number>
  close(): void
}

export interface TlsConn extends Conn {
  handshake(): Promise<unknown>
}

export interface ServeHandlerInfo {
  remoteAddr: NetAddr
}

export interface HttpServer {
  readonly addr: NetAddr
  readonly finished: Promise<void>
  shutdown(): Promise<void>
}

export interface DenoApi {
  env: { toObject(): Record<string, string> }
  connect(options: { hostname: string; port: number; transport?: 'tcp' }): Promise<Conn>
  connectTls(options: { hostname: string; port: number }): Promise<TlsConn>
  startTls(conn: Conn, options: { hostname: string }): Promise<TlsConn>
  readFile(path: string | URL): Promise<Uint8Array<ArrayBuffer>>
  readTextFileSync(path: string | URL): string
  serve(
    options: { port: number; hostname?: string; onListen?: (addr: NetAddr) => void },
    handler: (request: Request, info: ServeHandlerInfo) => Response | Promise<Response>,
  ): HttpServer
  addSignalListener(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void
  exit(code?: number): never
}
