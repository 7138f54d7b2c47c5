// The batching requester Bun uses: one HTTP request per turn, errors per command, fail closed in time.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createServer, type Socket } from 'node:net'
import { Redis } from '@upstash/redis'
import { createBatchingRequester } from '../../src/adapters/upstash-batching'
import { createUpstashRateLimiter } from '../../src/adapters/upstash-rate-limiter'
import { createUpstashSessionStore } from '../../src/adapters/upstash-session-store'
import { startTestRedis, type TestRedis } from '../support/redis-http'

const redisTest = process.env.TEST_REDIS_URL ? describe : describe.skip

redisTest('batching requester against the Upstash REST server', () => {
  let server: TestRedis
  let flushes = 0
  // SET and INCR only on the open server; the app's own operations on the app's server.
  let redis: Redis
  let appRedis: Redis
  beforeAll(async () => {
    server = (await startTestRedis())!
    const schedule = (flush: () => void) => {
      flushes++
      setImmediate(flush)
    }
    const on = (url: string) =>
      new Redis(createBatchingRequester({ url, token: server.token, timeoutMs: 1000, schedule }))
    redis = on(server.open.url)
    appRedis = on(server.url)
  })
  afterAll(() => server.cleanup())

  test('the commands of one turn travel in one request, each answered in order', async () => {
    const key = (i: number) => `${server.prefix}:k${i}`
    await Promise.all(Array.from({ length: 20 }, (_, i) => redis.set(key(i), `v${i}`, { ex: 60 })))
    flushes = 0
    const values = await Promise.all(
      Array.from({ length: 20 }, (_, i) => redis.get<string>(key(i))),
    )
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`))
    expect(flushes).toBe(1)
  })

  test('a Redis error fails its own command only', async () => {
    await redis.set(`${server.prefix}:text`, 'not a number', { ex: 60 })
    const [bad, good] = await Promise.allSettled([
      redis.incr(`${server.prefix}:text`),
      redis.incr(`${server.prefix}:counter`),
    ])
    expect(bad.status).toBe('rejected')
    expect(good).toEqual({ status: 'fulfilled', value: 1 })
  })

  test('scripts, transactions, sessions and rate limits work through it', async () => {
    const store = createUpstashSessionStore(appRedis, server.prefix)
    const limiter = createUpstashRateLimiter(appRedis, server.prefix, { timeoutMs: 1000 })
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
    await store.create('s1', data, 60)
    const [session, hit] = await Promise.all([
      store.touch('s1', 60),
      limiter.hit({ name: 'batch', limit: 1, windowSeconds: 60 }, 'ip'),
    ])
    expect(session).toEqual({ session: data, stamped: [] })
    expect(hit.allowed).toBe(true)
    expect((await limiter.hit({ name: 'batch', limit: 1, windowSeconds: 60 }, 'ip')).allowed).toBe(
      false,
    )
    expect(await store.revokeUser(7)).toBe(1)
    expect(await store.touch('s1', 60)).toBeNull()
  })
})

describe('batching requester when the server is silent', () => {
  const sockets = new Set<Socket>()
  const tarpit = createServer((socket) => void sockets.add(socket))
  let port = 0
  beforeAll(async () => {
    await new Promise<void>((resolve) => tarpit.listen(0, '127.0.0.1', resolve))
    port = (tarpit.address() as { port: number }).port
  })
  afterAll(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => tarpit.close(() => resolve()))
  })

  test('every command of the batch fails within the timeout', async () => {
    const redis = new Redis(
      createBatchingRequester({
        url: `http://127.0.0.1:${port}`,
        token: 't',
        timeoutMs: 300,
        schedule: setImmediate,
      }),
    )
    const started = performance.now()
    const outcomes = await Promise.allSettled([redis.get('a'), redis.set('b', 1), redis.incr('c')])
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
