// What the redis-http server refuses: no default token, no command or script outside the app's,
// no body that is not JSON, no Host that is not its own (DNS rebinding).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { SESSION_SCRIPTS } from '../../src/adapters/upstash-session-store'
import { RATELIMIT_SCRIPT_SHAS } from '../../tools/redis-http/allow-list'
import { hostOf } from '../../tools/redis-http/server'
import { startTestRedis, type TestRedis } from '../support/redis-http'

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')

describe('the redis-http command line', () => {
  const start = async (token: string | undefined) => {
    const env: Record<string, string> = { ...process.env, REDIS_HTTP_PORT: '0' } as never
    delete env.REDIS_HTTP_TOKEN
    if (token !== undefined) env.REDIS_HTTP_TOKEN = token
    const child = Bun.spawn(['bun', 'tools/redis-http/main.ts'], {
      env,
      stdout: 'pipe',
      stderr: 'pipe',
    })
    const timer = setTimeout(() => child.kill(), 5000)
    const code = await child.exited
    clearTimeout(timer)
    return { code, stderr: await new Response(child.stderr).text() }
  }

  test('refuses to start without a token', async () => {
    for (const token of [undefined, '']) {
      const { code, stderr } = await start(token)
      expect(code).toBe(1)
      expect(stderr).toContain('REDIS_HTTP_TOKEN is required')
    }
  })

  test('refuses the token earlier versions published, and short ones', async () => {
    for (const token of ['gatehouse-dev-token', 'short']) {
      const { code, stderr } = await start(token)
      expect(code).toBe(1)
      expect(stderr).toContain('at least 16 characters')
    }
  })
})

describe('Host names', () => {
  test('port and IPv6 brackets are not part of the name', () => {
    expect(hostOf('LOCALHOST:8079')).toBe('localhost')
    expect(hostOf('[::1]:8079')).toBe('::1')
    expect(hostOf('127.0.0.1')).toBe('127.0.0.1')
    expect(hostOf(null)).toBe('')
  })
})

describe.skipIf(!process.env.TEST_REDIS_URL)('the redis-http server in front of Redis', () => {
  let ctx: TestRedis
  beforeAll(async () => {
    ctx = (await startTestRedis())!
  })
  afterAll(async () => {
    await ctx?.cleanup()
  })

  const post = async (
    path: string,
    body: unknown,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) => {
    const res = await fetch(ctx.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.token}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as any }
  }

  const notAllowed = { status: 400, body: { error: expect.stringContaining('not allowed') } }

  test('admin and key-space commands are refused, on / and in pipelines and transactions', async () => {
    const key = `${ctx.prefix}:admin`
    for (const command of [
      ['config', 'get', '*'],
      ['config', 'set', 'dir', '/tmp'],
      ['acl', 'list'],
      ['keys', '*'],
      ['scan', '0'],
      ['flushall'],
      ['flushdb'],
      ['migrate', '127.0.0.1', '6380', key, '0', '1000'],
      ['debug', 'sleep', '0'],
      ['module', 'list'],
      ['function', 'list'],
      ['set', key, 'x'],
      ['incr', key],
      ['script', 'flush'],
      ['script', 'kill'],
      ['eval_ro', 'return 1', '0'],
      ['get'],
      ['get', key, 'extra'],
    ]) {
      expect({ command, ...(await post('/', command)) }).toEqual({ command, ...notAllowed })
    }
    expect((await post('/pipeline', [['flushall'], ['ping']])).body).toEqual([
      { error: expect.stringContaining('not allowed') },
      { result: 'PONG' },
    ])
    expect(await post('/multi-exec', [['set', key, 'x']])).toEqual(notAllowed)
  })

  test('Lua other than the app\u2019s is refused by EVAL, EVALSHA and SCRIPT LOAD', async () => {
    const key = `${ctx.prefix}:lua`
    // What a token holder would send to mint a session for any user.
    const mint = `redis.call('SET', KEYS[1], ARGV[1]) return 1`
    const refusedScript = { status: 400, body: { error: 'ERR this script is not allowed' } }
    expect(await post('/', ['eval', mint, 1, key, '{"userId":1}'])).toEqual(refusedScript)
    expect(await post('/', ['evalsha', sha1(mint), 1, key, 'x'])).toEqual(refusedScript)
    expect(await post('/', ['script', 'load', mint])).toEqual(refusedScript)
    // A one-character change to an allowed script is another script.
    expect(await post('/', ['eval', `${SESSION_SCRIPTS.create} `, 0])).toEqual(refusedScript)
  })

  test('the app\u2019s commands and scripts run', async () => {
    expect(await post('/', ['ping'])).toEqual({ status: 200, body: { result: 'PONG' } })
    expect(await post('/', ['get', `${ctx.prefix}:none`])).toEqual({
      status: 200,
      body: { result: null },
    })
    expect(await post('/', ['del', `${ctx.prefix}:a`, `${ctx.prefix}:b`])).toEqual({
      status: 200,
      body: { result: 0 },
    })
    const touch = SESSION_SCRIPTS.touch
    expect(await post('/', ['script', 'load', touch])).toEqual({
      status: 200,
      body: { result: sha1(touch) },
    })
    const missing = [1, `${ctx.prefix}:session:none`, 60, 'u:', 'g:', '0']
    expect(await post('/', ['evalsha', sha1(touch), ...missing])).toEqual({
      status: 200,
      body: { result: null },
    })
    expect(await post('/', ['eval', touch, ...missing])).toEqual({
      status: 200,
      body: { result: null },
    })
    // The rate limiter's scripts are allowed by the SHA1 it sends (checked end to end by the
    // rate limiter tests); unloaded, Redis answers NOSCRIPT and the library falls back to EVAL.
    expect(await post('/', ['evalsha', RATELIMIT_SCRIPT_SHAS[0], 0])).toEqual({
      status: 400,
      body: { error: expect.stringContaining('NOSCRIPT') },
    })
  })

  test('a body that is not Content-Type: application/json is a 415', async () => {
    for (const headers of <Record<string, string>[]>[
      {},
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      { 'content-type': 'application/jsonx' },
    ]) {
      expect({ headers, ...(await post('/', '["ping"]', headers)) }).toEqual({
        headers,
        status: 415,
        body: { error: 'ERR Content-Type must be application/json' },
      })
    }
    expect(
      (await post('/', ['ping'], { 'content-type': 'Application/JSON; charset=utf-8' })).status,
    ).toBe(200)
  })

  // Raw HTTP: fetch sets Host from the URL; a rebinding page's requests carry its own name.
  const withHost = (host: string | null) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(ctx.url)
      const headers: Record<string, string> = {
        authorization: `Bearer ${ctx.token}`,
        'content-type': 'application/json',
      }
      if (host !== null) headers.host = host
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/',
          method: 'POST',
          headers,
          setHost: host !== null,
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.end('["ping"]')
    })

  test('a Host other than loopback names or its own address is a 403', async () => {
    const port = new URL(ctx.url).port
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.nip.io:${port}`]) {
      expect({ host, status: await withHost(host) }).toEqual({ host, status: 403 })
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST']) {
      expect({ host, status: await withHost(host) }).toEqual({ host, status: 200 })
    }
  })

  test('the token is still checked: a wrong one is a 401', async () => {
    const res = await fetch(ctx.url, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
      body: '["ping"]',
    })
    expect(res.status).toBe(401)
  })
})
