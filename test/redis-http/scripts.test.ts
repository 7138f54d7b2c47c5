// The Lua shebang rewrite that lets @upstash/ratelimit's scripts run on Redis 7.0.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createHash } from 'node:crypto'
import { Ratelimit } from '@upstash/ratelimit'
import { stripFlags } from '../../src/runtime/resp/lua-shebang'
import { startTestRedis, type TestRedis } from '../support/redis-http'

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')

describe('stripFlags', () => {
  test('removes allow-key-locking and keeps the rest of the script', () => {
    expect(stripFlags('#!lua flags=allow-key-locking\nreturn 1')).toBe('#!lua\nreturn 1')
    expect(stripFlags('#!lua flags=no-writes,allow-key-locking\nreturn 1')).toBe(
      '#!lua flags=no-writes\nreturn 1',
    )
  })

  test('leaves scripts it has nothing to strip from alone', () => {
    expect(stripFlags('return 1')).toBeNull()
    expect(stripFlags('#!lua flags=no-writes\nreturn 1')).toBeNull()
    expect(stripFlags('#!lua name=lib\nredis.register_function()')).toBeNull()
  })
})

describe.skipIf(!process.env.TEST_REDIS_URL)('redis-http scripts', () => {
  let ctx: TestRedis
  beforeAll(async () => {
    ctx = (await startTestRedis())!
  })
  afterAll(async () => {
    await ctx?.cleanup()
  })

  // Scripts of the tests' own run only on the open server; the rate limiter's on the app's.
  const post = (body: unknown) =>
    fetch(ctx.open.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }))

  test('EVAL of a flagged script runs, then EVALSHA with the client-side SHA1 runs too', async () => {
    const script = `#!lua flags=allow-key-locking\nreturn 'ran ' .. ARGV[1] -- ${crypto.randomUUID()}`
    expect(await post(['evalsha', sha1(script), 0, 'x'])).toEqual({
      status: 400,
      body: { error: expect.stringContaining('NOSCRIPT') },
    })
    expect(await post(['eval', script, 0, 'a'])).toEqual({ status: 200, body: { result: 'ran a' } })
    expect(await post(['evalsha', sha1(script), 0, 'b'])).toEqual({
      status: 200,
      body: { result: 'ran b' },
    })
  })

  test('SCRIPT LOAD answers the client-side SHA1, which EVALSHA and SCRIPT EXISTS then accept', async () => {
    const script = `#!lua flags=allow-key-locking\nreturn 7 -- ${crypto.randomUUID()}`
    expect((await post(['script', 'load', script])).body).toEqual({ result: sha1(script) })
    expect((await post(['evalsha', sha1(script), 0])).body).toEqual({ result: 7 })
    expect((await post(['script', 'exists', sha1(script), sha1('nope')])).body).toEqual({
      result: [1, 0],
    })
  })

  test('@upstash/redis scripts fall back from NOSCRIPT to EVAL through the rewrite', async () => {
    const script = ctx.open.redis.createScript<string>(
      `#!lua flags=allow-key-locking\nreturn ARGV[1] -- ${crypto.randomUUID()}`,
    )
    expect(await script.exec([], ['first'])).toBe('first')
    expect(await script.exec([], ['second'])).toBe('second')
  })

  test('@upstash/ratelimit sliding windows count and block on Redis 7.0, allowed by the app list', async () => {
    const limiter = new Ratelimit({
      redis: ctx.redis,
      limiter: Ratelimit.slidingWindow(2, '30 s'),
      prefix: `${ctx.prefix}:rl-raw`,
      ephemeralCache: false,
      timeout: 2000,
    })
    const results = []
    for (let i = 0; i < 3; i++) results.push(await limiter.limit('who'))
    expect(results.map((r) => [r.success, r.remaining, r.reason])).toEqual([
      [true, 1, undefined],
      [true, 0, undefined],
      [false, 0, undefined],
    ])
    expect((await limiter.getRemaining('who')).remaining).toBe(0)
  })
})
