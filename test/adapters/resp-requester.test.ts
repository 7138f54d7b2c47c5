// The RESP transport: one write per event-loop turn, errors per command, fail closed in time,
// password and database from the URL.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test'
import { createServer, type Server, Socket } from 'node:net'
import { createUpstashRateLimiter } from '../../src/adapters/upstash-rate-limiter'
import { createUpstashSessionStore } from '../../src/adapters/upstash-session-store'
import { createRespRedis } from '../../src/runtime/resp/requester'
import { startOwnRedis } from '../support/own-redis'

const TIMEOUT_MS = 300
const closers: (() => unknown)[] = []
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

function client(url: string, timeoutMs = TIMEOUT_MS) {
  const resp = createRespRedis({ url, timeoutMs, schedule: setImmediate })
  closers.push(resp.close)
  return resp.redis
}

/** The writes made on sockets to `port` while `work` ran. */
async function writesTo(port: number, work: () => Promise<unknown>): Promise<string[]> {
  const writes: string[] = []
  const write = Socket.prototype.write
  Socket.prototype.write = function (this: Socket, ...args: unknown[]) {
    if (this.remotePort === port) writes.push(String(args[0]))
    return (write as (...a: unknown[]) => boolean).apply(this, args)
  } as typeof write
  try {
    await work()
  } finally {
    Socket.prototype.write = write
  }
  return writes
}

async function rejectsWithin(ms: number, call: () => Promise<unknown>): Promise<void> {
  const started = performance.now()
  let outcome: unknown = 'resolved'
  try {
    outcome = await call()
  } catch (error) {
    outcome = error
  }
  expect(outcome).toBeInstanceOf(Error)
  expect(performance.now() - started).toBeLessThan(ms)
}

const redisUrl = process.env.TEST_REDIS_URL

describe.skipIf(!redisUrl)('RESP transport against Redis', () => {
  const prefix = `gh-test-resp-${crypto.randomUUID().slice(0, 8)}`
  const port = Number(new URL(redisUrl ?? 'redis://x').port || 6379)

  test('the commands of one turn go in one write, each answered in order', async () => {
    const redis = client(redisUrl!)
    await redis.ping() // connected before counting
    const keys = Array.from({ length: 20 }, (_, i) => `${prefix}:k${i}`)
    let values: unknown[] = []
    const writes = await writesTo(port, async () => {
      values = await Promise.all(keys.map((key) => redis.get(key)))
    })
    expect(values).toEqual(keys.map(() => null))
    expect(writes).toHaveLength(1)
    expect(writes[0]!.match(/\$3\r\nGET\r\n/gi)).toHaveLength(20)
  })

  test('a Redis error fails its own command only', async () => {
    const redis = client(redisUrl!)
    const [bad, good] = await Promise.allSettled([
      redis.eval('return redis.error_reply("ERR made to fail")', [], []),
      redis.ping(),
    ])
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'ERR made to fail' } })
    expect(good).toEqual({ status: 'fulfilled', value: 'PONG' })
  })

  test('sessions, rate limits and their Lua scripts (flags stripped for Redis 7.0) run on it', async () => {
    const redis = client(redisUrl!, 1000)
    const store = createUpstashSessionStore(redis, prefix)
    const limiter = createUpstashRateLimiter(redis, prefix, { timeoutMs: 1000 })
    const data = {
      userId: 7,
      email: 'a@example.com',
      isActive: true,
      isVerified: true,
      createdAt: 1,
      generation: 0,
      cookieSetAt: 1,
      publicId: 'public-id',
      ip: '10.0.0.1',
      userAgent: 'curl/8.5.0',
      device: 'curl',
      lastSeenAt: 1_700_000_000_000,
    }
    const rule = { name: 'resp', limit: 1, windowSeconds: 60 }
    expect(await store.create('s1', data, 60)).toBe(true)
    const [session, hit] = await Promise.all([store.touch('s1', 60), limiter.hit(rule, 'ip')])
    expect(session).toEqual({ session: data, stamped: [] })
    expect(hit.allowed).toBe(true)
    expect((await limiter.hit(rule, 'ip')).allowed).toBe(false)
    await limiter.reset(rule, 'ip')
    expect((await limiter.peek(rule, 'ip')).allowed).toBe(true)
    expect(await store.revokeUser(7)).toBe(1)
    expect(await store.touch('s1', 60)).toBeNull()
    expect(await store.ping()).toBe('ok')
    await redis.del(`${prefix}:user-generation:7`)
  })
})

describe('RESP transport without a working Redis', () => {
  let silent: Server
  let silentPort = 0
  const sockets = new Set<Socket>()
  beforeAll(async () => {
    silent = createServer((socket) => void sockets.add(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    silentPort = (silent.address() as { port: number }).port
  })
  afterAll(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => silent.close(() => resolve()))
  })

  test('a Redis that accepts and never answers: every command of the batch fails within the timeout', async () => {
    const redis = client(`redis://127.0.0.1:${silentPort}`)
    const started = performance.now()
    const outcomes = await Promise.allSettled([redis.get('a'), redis.ping(), redis.del('c')])
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 700)
  })

  test('the stores throw (fail closed) within the timeout', async () => {
    const redis = client(`redis://127.0.0.1:${silentPort}`)
    const store = createUpstashSessionStore(redis, 'p')
    const limiter = createUpstashRateLimiter(redis, 'p', { timeoutMs: TIMEOUT_MS })
    await rejectsWithin(TIMEOUT_MS + 700, () => store.touch('k', 60))
    await rejectsWithin(TIMEOUT_MS + 700, () =>
      limiter.hit({ name: 'r', limit: 5, windowSeconds: 60 }, 'k'),
    )
  })

  test('nothing listening: commands fail at once', async () => {
    const redis = client(`redis://127.0.0.1:${await closedPort()}`)
    await rejectsWithin(200, () => redis.ping())
    await rejectsWithin(200, () => redis.get('k'))
  })
})

describe.skipIf(!Bun.which('redis-server'))('RESP transport and the URL', () => {
  test('the password and database of the URL apply; a wrong password fails closed', async () => {
    const own = await startOwnRedis({ password: 's3cret pass' })
    closers.push(own.stop)
    const secret = encodeURIComponent('s3cret pass')
    const db2 = client(`redis://:${secret}@127.0.0.1:${own.port}/2`)
    const db0 = client(`redis://default:${secret}@127.0.0.1:${own.port}`)
    const store2 = createUpstashSessionStore(db2, 'p')
    expect(await store2.ping()).toBe('ok')
    await db2.eval("return redis.call('SET', KEYS[1], 'two')", ['k'], [])
    expect(await db2.get('k')).toBe('two')
    expect(await db0.get('k')).toBeNull()
    const wrong = client(`redis://:nope@127.0.0.1:${own.port}`)
    await rejectsWithin(500, () => wrong.ping())
    const none = client(`redis://127.0.0.1:${own.port}`)
    await rejectsWithin(500, () => none.get('k'))
  })
})

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
