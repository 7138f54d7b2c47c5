// The RateLimiter refund, on the memory limiter and on @upstash/ratelimit through the Upstash protocol.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createMemoryRateLimiter } from '../../src/adapters/memory-rate-limiter'
import { createUpstashRateLimiter } from '../../src/adapters/upstash-rate-limiter'
import type { RateLimiter } from '../../src/ports'
import { TestClock } from '../support/app'
import { startTestRedis, type TestRedis } from '../support/redis-http'

let redis: TestRedis | null = null
beforeAll(async () => {
  redis = await startTestRedis()
})
afterAll(async () => {
  await redis?.cleanup()
})

const kinds: [string, () => RateLimiter][] = [
  ['memory', () => createMemoryRateLimiter(new TestClock())],
  ['upstash', () => createUpstashRateLimiter(redis!.redis, redis!.prefix, { timeoutMs: 1000 })],
]

for (const [kind, make] of kinds) {
  describe.skipIf(kind === 'upstash' && !process.env.TEST_REDIS_URL)(`${kind} rate limiter`, () => {
    let limiter: RateLimiter
    beforeAll(() => {
      limiter = make()
    })
    // An hour: no window boundary falls inside a test.
    const rule = (name: string) => ({ name: `${name}-${kind}`, limit: 3, windowSeconds: 3600 })

    test('a refunded hit no longer counts', async () => {
      const r = rule('refund')
      expect((await limiter.hit(r, 'k')).remaining).toBe(2)
      expect((await limiter.hit(r, 'k')).remaining).toBe(1)
      await limiter.refund(r, 'k')
      expect(await limiter.peek(r, 'k')).toMatchObject({ allowed: true, remaining: 2 })
      expect((await limiter.hit(r, 'k')).allowed).toBe(true)
      expect((await limiter.hit(r, 'k')).allowed).toBe(true)
      expect((await limiter.hit(r, 'k')).allowed).toBe(false)
      // Only that key.
      expect((await limiter.hit(r, 'other')).remaining).toBe(2)
    })

    test('concurrent hits, each refunded when it "succeeds", never let more than the limit fail', async () => {
      const r = rule('concurrent')
      // 30 attempts at once: the limit is taken before anything is checked.
      const results = await Promise.all(Array.from({ length: 30 }, () => limiter.hit(r, 'k')))
      expect(results.filter((x) => x.allowed)).toHaveLength(3)
      await Promise.all([limiter.refund(r, 'k'), limiter.refund(r, 'k')])
      const again = await Promise.all(Array.from({ length: 10 }, () => limiter.hit(r, 'k')))
      expect(again.filter((x) => x.allowed)).toHaveLength(2)
    })
  })
}
