// The Upstash rate limiter against a real Redis behind the redis-http server.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createUpstashRateLimiter } from '../../src/adapters/upstash-rate-limiter'
import type { RateLimiter, RateLimitRule } from '../../src/ports'
import { startTestRedis, type TestRedis } from '../support/redis-http'

describe.skipIf(!process.env.TEST_REDIS_URL)('upstash rate limiter', () => {
  let ctx: TestRedis
  let limiter: RateLimiter
  beforeAll(async () => {
    ctx = (await startTestRedis())!
    limiter = createUpstashRateLimiter(ctx.redis, ctx.prefix, { timeoutMs: 1000 })
  })
  afterAll(async () => {
    await ctx?.cleanup()
  })

  const rule = (name: string, limit = 3): RateLimitRule => ({ name, limit, windowSeconds: 60 })

  test('allows up to the limit, then refuses with a reset time', async () => {
    const r = rule('basic')
    const results = []
    for (let i = 0; i < 4; i++) results.push(await limiter.hit(r, '203.0.113.1'))
    expect(results.map((x) => [x.allowed, x.remaining, x.limit])).toEqual([
      [true, 2, 3],
      [true, 1, 3],
      [true, 0, 3],
      [false, 0, 3],
    ])
    expect(results[3]!.resetSeconds).toBeGreaterThanOrEqual(1)
    expect(results[3]!.resetSeconds).toBeLessThanOrEqual(60)
    expect((await limiter.hit(r, '203.0.113.2')).allowed).toBe(true)
  })

  test('counts add up across instances with their own clients', async () => {
    const other = createUpstashRateLimiter(ctx.createClient(), ctx.prefix, { timeoutMs: 1000 })
    const r = rule('shared', 4)
    const allowed = []
    for (let i = 0; i < 6; i++) allowed.push((await (i % 2 ? other : limiter).hit(r, 'k')).allowed)
    expect(allowed).toEqual([true, true, true, true, false, false])
    expect((await other.peek(r, 'k')).allowed).toBe(false)
  })

  test('concurrent hits never exceed the limit', async () => {
    const r = rule('burst', 5)
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.hit(r, 'k')))
    expect(results.filter((x) => x.allowed)).toHaveLength(5)
  })

  test('peek does not count', async () => {
    const r = rule('peek', 2)
    for (let i = 0; i < 5; i++)
      expect(await limiter.peek(r, 'k')).toMatchObject({ allowed: true, remaining: 2, limit: 2 })
    expect(await limiter.hit(r, 'k')).toMatchObject({ allowed: true, remaining: 1 })
    expect(await limiter.peek(r, 'k')).toMatchObject({ allowed: true, remaining: 1 })
    await limiter.hit(r, 'k')
    expect(await limiter.peek(r, 'k')).toMatchObject({ allowed: false, remaining: 0 })
  })

  test('reset frees the key, and only that key', async () => {
    const r = rule('reset', 1)
    for (const key of ['a@example.com', 'b@example.com', '*@example.com']) await limiter.hit(r, key)
    expect((await limiter.hit(r, 'a@example.com')).allowed).toBe(false)
    await limiter.reset(r, '*@example.com')
    expect((await limiter.hit(r, 'a@example.com')).allowed).toBe(false)
    await limiter.reset(r, 'a@example.com')
    expect((await limiter.hit(r, 'a@example.com')).allowed).toBe(true)
    expect((await limiter.hit(r, 'b@example.com')).allowed).toBe(false)
  })

  test('rules with different names count separately', async () => {
    await limiter.hit(rule('one', 1), 'k')
    expect((await limiter.hit(rule('one', 1), 'k')).allowed).toBe(false)
    expect((await limiter.hit(rule('two', 1), 'k')).allowed).toBe(true)
  })

  test('keys live under the configured prefix with an expiry', async () => {
    await limiter.hit(rule('keys'), 'k')
    const keys: string[] = []
    let cursor = '0'
    do {
      const [next, found] = await ctx.open.redis.scan(cursor, {
        match: `${ctx.prefix}:rl:keys:k:*`,
        count: 1000,
      })
      keys.push(...found)
      cursor = String(next)
    } while (cursor !== '0')
    expect(keys).toHaveLength(1)
    expect(await ctx.open.redis.ttl(keys[0]!)).toBeGreaterThan(0)
  })
})
