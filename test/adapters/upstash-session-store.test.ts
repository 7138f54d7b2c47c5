// The Upstash session store against a real Redis behind the redis-http server.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createHash } from 'node:crypto'
import { Redis } from '@upstash/redis'
import { createRedisClient } from '../../src/adapters/upstash-client'
import {
  createUpstashSessionStore,
  SESSION_SCRIPTS,
} from '../../src/adapters/upstash-session-store'
import type { SessionData, SessionStore } from '../../src/ports'
import { startTestRedis, type TestRedis } from '../support/redis-http'

/** What touch found (stamps applied), without which fields it stamped. */
const seen = (s: SessionStore, ...args: Parameters<SessionStore['touch']>) =>
  s.touch(...args).then((t) => t?.session ?? null)

describe.skipIf(!process.env.TEST_REDIS_URL)('upstash session store', () => {
  let ctx: TestRedis
  let store: SessionStore
  let nextUser = 1000
  beforeAll(async () => {
    ctx = (await startTestRedis())!
    store = createUpstashSessionStore(ctx.redis, ctx.prefix)
  })
  afterAll(async () => {
    await ctx?.cleanup()
  })

  const session = (userId = nextUser++, email = `user${userId}@example.com`): SessionData => ({
    userId,
    email,
    isActive: true,
    isVerified: true,
    createdAt: 1_700_000_000_000,
    generation: 0,
    cookieSetAt: 1_700_000_000_000,
    publicId: 'public-id',
    ip: '10.0.0.1',
    userAgent: 'curl/8.5.0',
    device: 'curl',
    lastSeenAt: 1_700_000_000_000,
  })
  const ttl = (key: string) => ctx.open.redis.ttl(`${ctx.prefix}:${key}`)

  test('create then touch returns the data; an unknown key is null', async () => {
    const data = session()
    await store.create('k-create', data, 60)
    expect(await seen(store, 'k-create', 60)).toEqual(data)
    expect(await seen(store, 'k-unknown', 60)).toBeNull()
    expect(await ctx.open.redis.smembers(`${ctx.prefix}:user-sessions:${data.userId}`)).toEqual([
      'k-create',
    ])
  })

  test('touch renews the session TTL and extends, never shortens, the user index', async () => {
    const data = session()
    await store.create('k-ttl', data, 100)
    expect(await ttl('session:k-ttl')).toBeLessThanOrEqual(100)
    expect(await ttl(`user-sessions:${data.userId}`)).toBeLessThanOrEqual(100)
    await store.touch('k-ttl', 1000)
    expect(await ttl('session:k-ttl')).toBeGreaterThan(990)
    expect(await ttl(`user-sessions:${data.userId}`)).toBeGreaterThan(990)
    await store.create('k-ttl-2', data, 50)
    expect(await ttl(`user-sessions:${data.userId}`)).toBeGreaterThan(990)
  })

  test('touch renews the right index even when the email imitates a user id', async () => {
    const data = session(nextUser++, 'x"userId":999,"@example.com')
    await store.create('k-inject', data, 100)
    await store.touch('k-inject', 900)
    expect(await seen(store, 'k-inject', 900)).toEqual(data)
    expect(await ttl(`user-sessions:${data.userId}`)).toBeGreaterThan(890)
    expect(await ctx.open.redis.exists(`${ctx.prefix}:user-sessions:999`)).toBe(0)
  })

  test('touch is one round trip', async () => {
    await store.create('k-one', session(), 60)
    await store.touch('k-one', 60) // the first call may load the script (NOSCRIPT, then EVAL)
    let found: unknown = null
    const trips = await ctx.roundTrips(async () => {
      found = await seen(store, 'k-one', 60)
    })
    expect(found).not.toBeNull()
    expect(trips).toBe(1)
  })

  test('delete removes one session', async () => {
    const data = session()
    await store.create('k-del-1', data, 60)
    await store.create('k-del-2', data, 60)
    await store.delete('k-del-1')
    expect(await seen(store, 'k-del-1', 60)).toBeNull()
    expect(await seen(store, 'k-del-2', 60)).toEqual(data)
  })

  test('revokeUser ends every session of that user and no one else', async () => {
    const alice = session()
    const bob = session()
    for (const key of ['a1', 'a2', 'a3']) await store.create(key, alice, 60)
    await store.create('b1', bob, 60)
    await store.delete('a2') // a stale index member must not trip the revocation
    expect(await store.revokeUser(alice.userId)).toBe(2)
    for (const key of ['a1', 'a2', 'a3']) expect(await seen(store, key, 60)).toBeNull()
    expect(await ctx.open.redis.exists(`${ctx.prefix}:user-sessions:${alice.userId}`)).toBe(0)
    expect(await seen(store, 'b1', 60)).toEqual(bob)
  })

  test('two instances with their own clients see the same sessions', async () => {
    const other = createUpstashSessionStore(ctx.createClient(), ctx.prefix)
    const data = session()
    await store.create('k-shared', data, 60)
    expect(await seen(other, 'k-shared', 60)).toEqual(data)
    await other.revokeUser(data.userId)
    expect(await seen(store, 'k-shared', 60)).toBeNull()
  })

  test('a revocation kills sessions the index lost, by their generation', async () => {
    const data = session()
    await store.create('k-unindexed', data, 60)
    await ctx.redis.del(`${ctx.prefix}:user-sessions:${data.userId}`)
    expect(await store.revokeUser(data.userId)).toBe(0)
    expect(await seen(store, 'k-unindexed', 60)).toBeNull()
    // ...and deletes them when touched.
    expect(await ctx.open.redis.exists(`${ctx.prefix}:session:k-unindexed`)).toBe(0)
  })

  test('the generation outlives the sessions that carry it, and a revocation holds it a day', async () => {
    const data = session()
    await store.revokeUser(data.userId)
    const key = `${ctx.prefix}:user-generation:${data.userId}`
    expect(await ctx.open.redis.ttl(key)).toBeGreaterThan(86_000)
    expect(await store.create('k-long', { ...data, generation: 1 }, 200_000)).toBe(true)
    expect(await ctx.open.redis.ttl(key)).toBeGreaterThan(199_000)
    await store.touch('k-long', 300_000)
    expect(await ctx.open.redis.ttl(key)).toBeGreaterThan(299_000)
    // A kept session keeps the generation as long as itself.
    expect(await store.revokeUser(data.userId, { keep: 'k-long' })).toBe(0)
    expect(await seen(store, 'k-long', 300_000)).toMatchObject({ generation: 2 })
    expect(await ctx.open.redis.ttl(`${ctx.prefix}:user-sessions:${data.userId}`)).toBeGreaterThan(
      299_000,
    )
  })

  test('stamps rewrite the stored JSON only when due', async () => {
    const data = session()
    await store.create('k-stamp', data, 60)
    const before = { cookieSetAt: data.cookieSetAt }
    expect(await seen(store, 'k-stamp', 60, { now: 5, before })).toEqual(data)
    const due = { cookieSetAt: data.cookieSetAt + 1 }
    const now = data.cookieSetAt + 10
    expect(await seen(store, 'k-stamp', 60, { now, before: due })).toEqual({
      ...data,
      cookieSetAt: now,
    })
    // The client parses the stored JSON itself.
    expect(await ctx.open.redis.get(`${ctx.prefix}:session:k-stamp`)).toEqual({
      ...data,
      cookieSetAt: now,
    })
    expect(await ttl('session:k-stamp')).toBeGreaterThan(50)
  })

  test('sessions stored before generations existed belong to generation 0', async () => {
    const { generation: _, cookieSetAt: __, ...old } = session()
    await ctx.open.redis.set(`${ctx.prefix}:session:k-old`, JSON.stringify(old), { ex: 60 })
    expect(await seen(store, 'k-old', 60)).toEqual({ ...old, generation: 0, cookieSetAt: 0 })
    await store.revokeUser(old.userId)
    expect(await seen(store, 'k-old', 60)).toBeNull()
  })

  test('the scripts it runs are the ones it exports (the Redis tool allow-lists them)', async () => {
    const exported = new Set(
      Object.values(SESSION_SCRIPTS).map((source) =>
        createHash('sha1').update(source).digest('hex'),
      ),
    )
    expect(exported.size).toBe(4)
    // Over REST whatever this run's transport: it is the Redis tool's allow-list that matters.
    const rest = createUpstashSessionStore(
      createRedisClient({ url: ctx.url, token: ctx.token, timeoutMs: 1000, RedisClass: Redis }),
      ctx.prefix,
    )
    const ran = new Set<string>()
    const original = globalThis.fetch
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as unknown[]
      for (const command of (Array.isArray(body[0]) ? body : [body]) as string[][]) {
        const name = command[0]!.toLowerCase()
        if (name === 'evalsha') ran.add(command[1]!)
        if (name === 'eval') ran.add(createHash('sha1').update(command[1]!).digest('hex'))
      }
      return original(input, init)
    }) as typeof fetch
    try {
      const data = session()
      await rest.create('k-scripts', data, 60)
      await rest.touch('k-scripts', 60)
      expect((await rest.listUser(data.userId)).map((s) => s.key)).toEqual(['k-scripts'])
      await rest.revokeUser(data.userId)
    } finally {
      globalThis.fetch = original
    }
    expect(ran).toEqual(exported)
  })

  test('ping answers ok', async () => {
    expect(await store.ping()).toBe('ok')
  })
})
