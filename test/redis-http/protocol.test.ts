// The Upstash REST protocol as spoken by the redis-http server, checked over raw HTTP. It runs
// on the open test server: these replies are ones the app's allow-list never asks for.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createRespClient } from '../../src/runtime/resp/client'
import { startTestRedis, type TestRedis } from '../support/redis-http'

const hasRedis = Boolean(process.env.TEST_REDIS_URL)
let ctx: TestRedis

async function call(
  path: string,
  body: unknown,
  init: { base64?: boolean; token?: string | null } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const token = init.token === undefined ? ctx.token : init.token
  if (token !== null) headers.authorization = `Bearer ${token}`
  if (init.base64) headers['upstash-encoding'] = 'base64'
  const res = await fetch(ctx.open.url + path, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as any }
}

const b64 = (text: string) => Buffer.from(text).toString('base64')

describe.skipIf(!hasRedis)('redis-http protocol', () => {
  beforeAll(async () => {
    ctx = (await startTestRedis())!
  })
  afterAll(async () => {
    await ctx?.cleanup()
  })

  test('POST / runs one command; numbers, booleans and null arrive as text', async () => {
    const key = `${ctx.prefix}:single`
    expect(await call('/', ['set', key, 'héllo', 'ex', 60])).toEqual({
      status: 200,
      body: { result: 'OK' },
    })
    expect(await call('/', ['get', key])).toEqual({ status: 200, body: { result: 'héllo' } })
    expect((await call('/', ['ttl', key])).body.result).toBeGreaterThan(50)
    for (const [value, text] of [
      [12.5, '12.5'],
      [null, 'null'],
      [true, 'true'],
    ] as const) {
      await call('/', ['set', key, value])
      expect((await call('/', ['get', key])).body).toEqual({ result: text })
    }
  })

  test('base64 encodes bulk and simple strings but not a top-level OK; numbers and nil stay', async () => {
    const key = `${ctx.prefix}:enc`
    expect((await call('/', ['set', key, 'héllo'], { base64: true })).body).toEqual({
      result: 'OK',
    })
    expect((await call('/', ['get', key], { base64: true })).body).toEqual({ result: b64('héllo') })
    expect((await call('/', ['ping'], { base64: true })).body).toEqual({ result: b64('PONG') })
    expect((await call('/', ['ping'])).body).toEqual({ result: 'PONG' })
    expect((await call('/', ['get', `${key}:missing`], { base64: true })).body).toEqual({
      result: null,
    })
    expect((await call('/', ['strlen', key], { base64: true })).body).toEqual({ result: 6 })
  })

  test('nested arrays are encoded element by element', async () => {
    const script = "return {1, 'a', {2, 'b', false}, redis.status_reply('OK'), string.char(255, 0)}"
    expect((await call('/', ['eval', script, 0], { base64: true })).body).toEqual({
      result: [1, b64('a'), [2, b64('b'), null], b64('OK'), '/wA='],
    })
    const plain = (await call('/', ['eval', script, 0])).body.result
    expect(plain.slice(0, 4)).toEqual([1, 'a', [2, 'b', null], 'OK'])
  })

  test('the @upstash/redis client decodes what the server encodes', async () => {
    const key = `${ctx.prefix}:client`
    await ctx.open.redis.hset(key, { name: 'ünï', count: 3 })
    expect(await ctx.open.redis.hgetall(key)).toEqual({ name: 'ünï', count: 3 })
    expect(
      await ctx.open.redis.eval("return {1, 'x', {redis.status_reply('OK')}}", [], []),
    ).toEqual([1, 'x', ['OK']])
    const [a, b, c] = await Promise.all([
      ctx.open.redis.set(`${key}:s`, { n: 1 }),
      ctx.open.redis.get(`${key}:s`),
      ctx.open.redis.incr(`${key}:n`),
    ])
    expect([a, b, c]).toEqual(['OK', { n: 1 }, 1])
  })

  test('a Redis error is a 400 on / and a per-item error in a pipeline', async () => {
    const key = `${ctx.prefix}:err`
    await call('/', ['set', key, 'text'])
    const single = await call('/', ['incr', key])
    expect(single.status).toBe(400)
    expect(single.body.error).toContain('not an integer')
    const piped = await call(
      '/pipeline',
      [
        ['get', key],
        ['incr', key],
        ['strlen', key],
      ],
      { base64: true },
    )
    expect(piped.status).toBe(200)
    expect(piped.body).toEqual([
      { result: b64('text') },
      { error: expect.stringContaining('not an integer') },
      { result: 4 },
    ])
  })

  test('malformed bodies and refused commands are 400s', async () => {
    expect((await call('/', '{not json')).status).toBe(400)
    expect((await call('/', [])).status).toBe(400)
    expect((await call('/', ['set', 'k', { a: 1 }])).status).toBe(400)
    expect((await call('/pipeline', { a: 1 })).status).toBe(400)
    const refused = await call('/', ['subscribe', 'channel'])
    expect(refused).toEqual({
      status: 400,
      body: { error: expect.stringContaining('not supported') },
    })
    const piped = await call('/pipeline', [
      ['blpop', 'k', 0],
      ['echo', 'still works'],
    ])
    expect(piped.body).toEqual([
      { error: expect.stringContaining('not supported') },
      { result: 'still works' },
    ])
  })

  test('a bad or missing token is a 401; an unknown path a 404', async () => {
    expect((await call('/', ['ping'], { token: 'wrong' })).status).toBe(401)
    expect((await call('/', ['ping'], { token: null })).status).toBe(401)
    expect((await call('/pipeline', [['ping']], { token: ctx.token.slice(1) })).status).toBe(401)
    expect((await call('/nope', ['ping'])).status).toBe(404)
  })

  test('/multi-exec runs the commands as one transaction', async () => {
    const key = `${ctx.prefix}:tx`
    const res = await call('/multi-exec', [
      ['set', key, 1],
      ['incr', key],
      ['get', key],
      ['hget', key, 'f'],
    ])
    expect(res.status).toBe(200)
    expect(res.body).toEqual([
      { result: 'OK' },
      { result: 2 },
      { result: '2' },
      { error: expect.stringContaining('WRONGTYPE') },
    ])
  })

  test('/multi-exec applies nothing when a command is rejected while queuing', async () => {
    const key = `${ctx.prefix}:tx-abort`
    const res = await call('/multi-exec', [['set', key, 'x'], ['get']])
    expect(res.status).toBe(400)
    expect(res.body.error).toContain('EXECABORT')
    expect((await call('/', ['exists', key])).body).toEqual({ result: 0 })
  })

  test('/multi-exec is atomic against another connection writing the same key', async () => {
    const key = `${ctx.prefix}:race`
    const intruder = createRespClient({ url: process.env.TEST_REDIS_URL! })
    let running = true
    // Many commands always waiting on another connection: Redis serves them between the
    // socket reads of each 60 KB request, which is where a mere pipeline gets interleaved.
    const intruders = Array.from({ length: 300 }, async () => {
      while (running) await intruder.send([['set', key, 'intruder']])
    })
    const appends = Array.from({ length: 6 }, () => ['append', key, 'x'.repeat(10_000)])
    const seen: unknown[] = []
    const expected: string[] = []
    try {
      for (let i = 0; i < 30; i++) {
        const id = `id-${i}`
        expected.push(id)
        const res = await call('/multi-exec', [
          ['set', key, id],
          ...appends,
          ['getrange', key, 0, id.length - 1],
        ])
        seen.push(res.body.at(-1)?.result)
      }
    } finally {
      running = false
      await Promise.all(intruders)
      intruder.close()
    }
    expect(seen).toEqual(expected)
  })
})
