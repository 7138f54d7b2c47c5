// The Bun `cloudflare:sockets` shim: plugin mapping, streams, backpressure, teardown, TLS verification.
import { afterEach, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import tls from 'node:tls'
import { connect } from '../../src/runtime/bun/sockets-shim'
import '../support/smtp' // trusts the test CA in this process

type Peer = { port: number; server: net.Server; sockets: net.Socket[] }
const peers: Peer[] = []
afterEach(async () => {
  for (const peer of peers.splice(0)) {
    for (const socket of peer.sockets) socket.destroy()
    await new Promise((resolve) => peer.server.close(resolve))
  }
})

async function peer(
  onSocket: (socket: net.Socket) => void,
  certificate?: 'localhost' | 'wrong-host',
): Promise<Peer> {
  const sockets: net.Socket[] = []
  const handle = (socket: net.Socket) => {
    sockets.push(socket)
    socket.on('error', () => {})
    onSocket(socket)
  }
  const pem = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url))
  const server = certificate
    ? tls.createServer(
        { key: pem(`${certificate}-key.pem`), cert: pem(`${certificate}.pem`) },
        handle,
      )
    : net.createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const started = { port: (server.address() as net.AddressInfo).port, server, sockets }
  peers.push(started)
  return started
}

async function readAll(stream: ReadableStream<Uint8Array>, bytes: number): Promise<Uint8Array> {
  const reader = stream.getReader()
  const out = new Uint8Array(bytes)
  let offset = 0
  while (offset < bytes) {
    const { value } = await reader.read()
    if (!value) throw new Error('stream ended early')
    out.set(value, offset)
    offset += value.byteLength
  }
  reader.releaseLock()
  return out
}

describe('cloudflare:sockets shim', () => {
  test('the preload plugin maps cloudflare:sockets to it', async () => {
    const specifier = 'cloudflare:sockets'
    const mod = (await import(specifier)) as { connect: unknown }
    expect(mod.connect).toBe(connect)
  })

  test('echoes 4 MiB intact, writing and reading at the same time', async () => {
    const { port } = await peer((socket) => socket.pipe(socket))
    const socket = connect({ hostname: '127.0.0.1', port })
    const payload = crypto.getRandomValues(new Uint8Array(64 * 1024))
    const total = 64 * payload.byteLength
    const writer = socket.writable.getWriter()
    const writing = (async () => {
      for (let i = 0; i < 64; i++) await writer.write(payload)
    })()
    const [echoed] = await Promise.all([readAll(socket.readable, total), writing])
    expect(echoed.byteLength).toBe(total)
    expect(echoed.subarray(total - payload.byteLength)).toEqual(payload)
    await socket.close()
  })

  test('stops reading from the network while nobody reads (backpressure)', async () => {
    let sender: net.Socket | undefined
    const big = new Uint8Array(32 * 1024 * 1024)
    const { port } = await peer((socket) => {
      sender = socket
      socket.write(big)
    })
    const socket = connect({ hostname: '127.0.0.1', port })
    const reader = socket.readable.getReader()
    const first = await reader.read()
    await Bun.sleep(300)
    // Bun counts a write as pending until the peer took all of it: most must still be waiting.
    expect(sender?.writableLength ?? 0).toBeGreaterThan(16 * 1024 * 1024)
    reader.releaseLock()
    const rest = await readAll(socket.readable, big.byteLength - (first.value?.byteLength ?? 0))
    expect((first.value?.byteLength ?? 0) + rest.byteLength).toBe(big.byteLength)
    await socket.close()
  })

  test('hands over what arrived before the end of stream, then errors (never a silent end)', async () => {
    const { port } = await peer((socket) => socket.end('221 bye\r\n'))
    const socket = connect({ hostname: '127.0.0.1', port })
    const reader = socket.readable.getReader()
    await Bun.sleep(50)
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('221 bye\r\n')
    await expect(reader.read()).rejects.toThrow('Connection closed by the server')
  })

  test('a refused connection rejects opened and closed', async () => {
    const { port, server } = await peer(() => {})
    await new Promise((resolve) => server.close(resolve))
    const socket = connect(`127.0.0.1:${port}`)
    await expect(socket.opened).rejects.toThrow(/ECONNREFUSED|refused/i)
    await expect(socket.closed).rejects.toThrow(/ECONNREFUSED|refused/i)
  })

  test('close() tears the connection down on both ends', async () => {
    let remoteClosed = false
    const { port } = await peer((socket) =>
      socket.on('close', () => {
        remoteClosed = true
      }),
    )
    const socket = connect({ hostname: '127.0.0.1', port })
    const reader = socket.readable.getReader()
    await socket.opened
    // (bun's expect().rejects waits for the promise on the spot, so settle it by hand)
    const pendingRead = reader.read().then(
      () => 'no error',
      (error: Error) => error.message,
    )
    await expect(socket.close()).resolves.toBeUndefined()
    expect(await pendingRead).toBe('Socket closed')
    await Bun.sleep(50)
    expect(remoteClosed).toBe(true)
  })

  test('startTls() needs starttls mode, and the clear-text writer is dead afterwards', async () => {
    const { port } = await peer(() => {})
    const plain = connect({ hostname: '127.0.0.1', port })
    expect(() => plain.startTls()).toThrow(/starttls/)
    const upgradable = connect({ hostname: 'localhost', port }, { secureTransport: 'starttls' })
    const oldWriter = upgradable.writable.getWriter()
    await upgradable.opened
    const secure = upgradable.startTls()
    expect(upgradable.upgraded).toBe(true)
    await expect(oldWriter.write(new TextEncoder().encode('in clear'))).rejects.toThrow(/upgraded/)
    await secure.close().catch(() => {})
    await plain.close()
  })

  test('implicit TLS verifies the name even when NODE_TLS_REJECT_UNAUTHORIZED=0', async () => {
    const { port } = await peer(() => {}, 'wrong-host')
    const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'
    try {
      const socket = connect({ hostname: 'localhost', port }, { secureTransport: 'on' })
      await expect(socket.opened).rejects.toThrow(/altnames/)
    } finally {
      if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous
    }
  })

  test('implicit TLS to the right name opens', async () => {
    const { port } = await peer((socket) => socket.end('hi'), 'localhost')
    const socket = connect({ hostname: 'localhost', port }, { secureTransport: 'on' })
    await expect(socket.opened).resolves.toMatchObject({ remoteAddress: '127.0.0.1' })
    await socket.close()
  })
})
