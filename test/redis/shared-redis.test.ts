// Sessions and rate limits shared by several app instances through Redis, and failing closed without it.
import { describe, expect, test } from 'bun:test'
import { deactivateUser } from '../../src/auth/deactivate-user'
import { startRedisHttp } from '../../tools/redis-http/server'
import { createTestApp, STRONG_PASSWORD, testRedis, uniqueEmail } from '../support/app'
import { startOwnRedis } from '../support/own-redis'
import { startTarpit } from '../support/smtp'

const redisUrl = process.env.TEST_REDIS_URL

describe.skipIf(!redisUrl)('two instances sharing one Redis', () => {
  test('a session made by one is accepted by the other; logout on one is seen by the other at once', async () => {
    const redis = (await testRedis())!
    const env = { REDIS_PREFIX: `${redis.prefix}:shared-${crypto.randomUUID().slice(0, 8)}` }
    const [a, b] = await Promise.all([createTestApp({ env }), createTestApp({ env })])
    try {
      const { accessToken, cookie } = await a.signUp()
      expect(
        (
          await b.json('GET', '/me', undefined, {
            headers: { authorization: `Bearer ${accessToken}` },
          })
        ).status,
      ).toBe(200)
      expect(
        (await b.json('GET', '/me', undefined, { headers: { cookie: `session_id=${cookie}` } }))
          .status,
      ).toBe(200)
      expect(
        (
          await b.json('POST', '/logout', undefined, {
            headers: { authorization: `Bearer ${accessToken}` },
          })
        ).status,
      ).toBe(200)
      expect(
        (
          await a.json('GET', '/me', undefined, {
            headers: { authorization: `Bearer ${accessToken}` },
          })
        ).status,
      ).toBe(401)
      expect(
        (await a.json('GET', '/me', undefined, { headers: { cookie: `session_id=${cookie}` } }))
          .status,
      ).toBe(401)
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  test('a deactivation on one instance ends the bearer and cookie on the other at once', async () => {
    const redis = (await testRedis())!
    const env = { REDIS_PREFIX: `${redis.prefix}:deactivate-${crypto.randomUUID().slice(0, 8)}` }
    const [a, b] = await Promise.all([createTestApp({ env }), createTestApp({ env })])
    try {
      const { accessToken, cookie, userId } = await a.signUp()
      const me = (headers: Record<string, string>) => b.json('GET', '/me', undefined, { headers })
      expect((await me({ authorization: `Bearer ${accessToken}` })).status).toBe(200)
      expect((await me({ cookie: `session_id=${cookie}` })).status).toBe(200)
      expect(await deactivateUser(a.deps, userId)).toMatchObject({ ok: true, sessionsRevoked: 1 })
      expect((await me({ authorization: `Bearer ${accessToken}` })).status).toBe(401)
      expect((await me({ cookie: `session_id=${cookie}` })).status).toBe(401)
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  test('rate-limit counts add up across both instances', async () => {
    const redis = (await testRedis())!
    const env = {
      REDIS_PREFIX: `${redis.prefix}:limits-${crypto.randomUUID().slice(0, 8)}`,
      RATE_LIMIT_LOGIN: '6/1m',
    }
    const [a, b] = await Promise.all([
      createTestApp({ env, ip: '10.9.9.9' }),
      createTestApp({ env, ip: '10.9.9.9' }),
    ])
    try {
      const body = { email: uniqueEmail(), password: 'whatever password it is' }
      const statuses: number[] = []
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (await a.json('POST', '/login', body)).status,
          (await b.json('POST', '/login', body)).status,
        )
      }
      expect(statuses.slice(0, 6).every((s) => s === 401)).toBe(true)
      expect(statuses.slice(6)).toEqual([429, 429])
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  test('GET /me is one round trip: the rate limit and the session touch travel together', async () => {
    const redis = (await testRedis())!
    const app = await createTestApp({
      env: { REDIS_PREFIX: `${redis.prefix}:trips-${crypto.randomUUID().slice(0, 8)}` },
    })
    try {
      const { accessToken, cookie } = await app.signUp()
      const credentials: Record<string, string>[] = [
        { authorization: `Bearer ${accessToken}` },
        { cookie: `session_id=${cookie}` },
      ]
      for (const headers of credentials) {
        // The first use verifies the token (or hashes the cookie) and loads the Lua scripts.
        expect((await app.json('GET', '/me', undefined, { headers })).status).toBe(200)
        let status = 0
        const trips = await redis.roundTrips(async () => {
          status = (await app.json('GET', '/me', undefined, { headers })).status
        })
        expect(status).toBe(200)
        expect(trips).toBe(1)
      }
    } finally {
      await app.close()
    }
  })

  // Its own REST server, whatever this run's transport: the REST path is tested on every run.
  test('REST server killed mid-run: 503 with Retry-After on login and /me, nothing let through; back up: normal service', async () => {
    const token = crypto.randomUUID()
    const port = 20000 + Math.floor(Math.random() * 20000)
    let server = await startRedisHttp({ redisUrl: redisUrl!, token, port })
    const app = await createTestApp({
      env: {
        UPSTASH_REDIS_REST_URL: server.url,
        UPSTASH_REDIS_REST_TOKEN: token,
        REDIS_PREFIX: `${(await testRedis())!.prefix}:fault`,
        REDIS_TIMEOUT_MS: '500',
      },
    })
    try {
      const { email, accessToken } = await app.signUp()
      await server.stop()
      for (const res of [
        await app.json('POST', '/login', { email, password: STRONG_PASSWORD }),
        await app.json('GET', '/me', undefined, {
          headers: { authorization: `Bearer ${accessToken}` },
        }),
      ]) {
        expect(res.status).toBe(503)
        expect(res.body).toEqual({ detail: 'Service temporarily unavailable' })
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
      }
      const ready = await app.json('GET', '/readyz')
      expect(ready.status).toBe(503)
      expect(ready.body.checks.redis).toBe('down')
      server = await startRedisHttp({ redisUrl: redisUrl!, token, port })
      expect(
        (
          await app.json('GET', '/me', undefined, {
            headers: { authorization: `Bearer ${accessToken}` },
          })
        ).status,
      ).toBe(200)
      expect((await app.json('POST', '/login', { email, password: STRONG_PASSWORD })).status).toBe(
        200,
      )
    } finally {
      await app.close()
      await server.stop().catch(() => {})
    }
  })
})

describe.skipIf(!redisUrl || !Bun.which('redis-server'))('a Redis of its own, over RESP', () => {
  test('Redis stopped mid-run: 503 with Retry-After on login and /me, nothing let through; started again: normal service without a restart', async () => {
    let own = await startOwnRedis()
    const app = await createTestApp({
      env: { REDIS_URL: own.url, REDIS_PREFIX: 'fault', REDIS_TIMEOUT_MS: '500' },
    })
    try {
      const { email, accessToken } = await app.signUp()
      const bearer = { headers: { authorization: `Bearer ${accessToken}` } }
      expect((await app.json('GET', '/me', undefined, bearer)).status).toBe(200)
      await own.stop()
      for (const res of [
        await app.json('POST', '/login', { email, password: STRONG_PASSWORD }),
        await app.json('GET', '/me', undefined, bearer),
      ]) {
        expect(res.status).toBe(503)
        expect(res.body).toEqual({ detail: 'Service temporarily unavailable' })
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
      }
      const ready = await app.json('GET', '/readyz')
      expect(ready.status).toBe(503)
      expect(ready.body.checks.redis).toBe('down')
      // Same port, same data directory: the sessions written before the stop are back.
      own = await own.restart()
      let status = 0
      for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
        if (attempt > 0) await Bun.sleep(100)
        status = (await app.json('GET', '/me', undefined, bearer)).status
      }
      expect(status).toBe(200)
      expect((await app.json('POST', '/login', { email, password: STRONG_PASSWORD })).status).toBe(
        200,
      )
      expect((await app.json('GET', '/readyz')).body.checks.redis).toBe('ok')
    } finally {
      await app.close()
      await own.stop()
    }
  })
})

describe('Redis that accepts and never answers', () => {
  test.each([
    [
      'REST',
      (port: number) => ({
        UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${port}`,
        UPSTASH_REDIS_REST_TOKEN: 't',
      }),
    ],
    ['RESP', (port: number) => ({ REDIS_URL: `redis://127.0.0.1:${port}` })],
  ] as const)(
    '%s: answers 503 within about the Redis timeout, never a pass and never a 500',
    async (_, target) => {
      const tarpit = await startTarpit()
      const app = await createTestApp({
        env: { ...target(tarpit.port), REDIS_TIMEOUT_MS: '300' },
      })
      try {
        for (const [method, path, body] of [
          ['POST', '/login', { email: 'a@b.co', password: STRONG_PASSWORD }],
          ['GET', '/me', undefined],
          ['POST', '/register', { email: uniqueEmail(), password: STRONG_PASSWORD }],
        ] as const) {
          const started = performance.now()
          const res = await app.json(method, path, body, {
            headers: { authorization: 'Bearer x.y.z' },
          })
          expect(res.status).toBe(503)
          expect(performance.now() - started).toBeLessThan(300 * 3 + 1000)
        }
      } finally {
        await app.close()
        await tarpit.stop()
      }
    },
  )
})
