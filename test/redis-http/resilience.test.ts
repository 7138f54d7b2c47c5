// The redis-http server when Redis is down, silent, or comes back.
import { afterEach, describe, expect, test } from 'bun:test'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { createRespClient } from '../../src/runtime/resp/client'
import { type RedisHttpServer, startRedisHttp } from '../../tools/redis-http/server'

const TOKEN = 'resilience-token'
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function listen(
  onSocket: (socket: Socket) => void,
  port = 0,
): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    onSocket(socket)
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return { server, port: (server.address() as { port: number }).port, sockets }
}

function shut(listener: { server: Server; sockets: Set<Socket> }): Promise<void> {
  for (const socket of listener.sockets) socket.destroy()
  return new Promise((resolve) => listener.server.close(() => resolve()))
}

async function freePort(): Promise<number> {
  const listener = await listen(() => {})
  await shut(listener)
  return listener.port
}

async function start(redisUrl: string, commandTimeoutMs = 300): Promise<RedisHttpServer> {
  const server = await startRedisHttp({
    redisUrl,
    token: TOKEN,
    commandTimeoutMs,
    connectTimeoutMs: 300,
  })
  cleanups.push(() => server.stop())
  return server
}

async function timedPing(server: RedisHttpServer): Promise<{ status: number; ms: number }> {
  const started = performance.now()
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: '["ping"]',
  })
  await res.body?.cancel()
  return { status: res.status, ms: performance.now() - started }
}

describe('redis-http without a working Redis', () => {
  test('answers 503 at once when nothing listens on the Redis port', async () => {
    const server = await start(`redis://127.0.0.1:${await freePort()}`)
    for (let i = 0; i < 3; i++) {
      const { status, ms } = await timedPing(server)
      expect(status).toBe(503)
      expect(ms).toBeLessThan(500)
    }
  })

  test('answers 503 within the command timeout when Redis accepts but never answers', async () => {
    const silent = await listen(() => {})
    cleanups.push(() => shut(silent))
    const server = await start(`redis://127.0.0.1:${silent.port}`, 300)
    const { status, ms } = await timedPing(server)
    expect(status).toBe(503)
    expect(ms).toBeGreaterThanOrEqual(250)
    expect(ms).toBeLessThan(1000)
  })
})

describe.skipIf(!process.env.TEST_REDIS_URL)('redis-http with a Redis that goes away', () => {
  test('fails fast while Redis is gone and reconnects when it is back', async () => {
    const target = new URL(process.env.TEST_REDIS_URL!)
    const forward = (client: Socket) => {
      const upstream = connect(Number(target.port || 6379), target.hostname)
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
    }
    let proxy = await listen(forward)
    cleanups.push(() => shut(proxy))
    const server = await start(`redis://127.0.0.1:${proxy.port}`)
    expect((await timedPing(server)).status).toBe(200)

    await shut(proxy)
    const down = await timedPing(server)
    expect(down.status).toBe(503)
    expect(down.ms).toBeLessThan(500)

    proxy = await listen(forward, proxy.port)
    let status = 0
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      await Bun.sleep(100)
      status = (await timedPing(server)).status
    }
    expect(status).toBe(200)
  })
})

describe.skipIf(!process.env.TEST_REDIS_URL)('redis-http connection settings from the URL', () => {
  test('selects the database named in the path', async () => {
    const url = new URL(process.env.TEST_REDIS_URL!)
    url.pathname = '/3'
    const server = await start(url.toString())
    const key = `gh-test-select-${crypto.randomUUID()}`
    const post = (body: unknown) =>
      fetch(server.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json())
    const db0 = createRespClient({ url: process.env.TEST_REDIS_URL! })
    const db3 = createRespClient({ url: url.toString() })
    cleanups.push(() => db0.close())
    cleanups.push(() => db3.close())
    try {
      expect(await db3.send([['set', key, 'x', 'ex', '60']])).toEqual(['OK'])
      expect(await db0.send([['exists', key]])).toEqual([0])
      expect(await post(['get', key])).toEqual({ result: 'x' })
    } finally {
      await post(['del', key])
    }
  })

  test('answers 503 when the handshake is refused', async () => {
    const url = new URL(process.env.TEST_REDIS_URL!)
    url.password = 'not-the-password'
    const server = await start(url.toString())
    const { status, ms } = await timedPing(server)
    expect(status).toBe(503)
    expect(ms).toBeLessThan(500)
  })
})
