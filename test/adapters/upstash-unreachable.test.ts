// When Redis's REST endpoint is unreachable or silent, the adapters throw within the timeout.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createServer, type Server, type Socket } from 'node:net'
import { Redis } from '@upstash/redis'
import { createRedisClient } from '../../src/adapters/upstash-client'
import { createUpstashRateLimiter } from '../../src/adapters/upstash-rate-limiter'
import { createUpstashSessionStore } from '../../src/adapters/upstash-session-store'

const TIMEOUT_MS = 300
const SLACK_MS = 700
const rule = { name: 'down', limit: 5, windowSeconds: 60 }

async function listen(
  onSocket: (socket: Socket) => void,
): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    onSocket(socket)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as { port: number }).port, sockets }
}

async function close(listener: { server: Server; sockets: Set<Socket> }): Promise<void> {
  for (const socket of listener.sockets) socket.destroy()
  await new Promise<void>((resolve) => listener.server.close(() => resolve()))
}

/** Resolves with how long the call took to reject; fails the test if it resolved. */
async function rejectsWithin(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  let outcome: unknown = 'resolved'
  try {
    outcome = await call()
  } catch {
    const ms = performance.now() - started
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS)
    return ms
  }
  throw new Error(`expected a rejection, got ${JSON.stringify(outcome)}`)
}

function adapters(port: number) {
  const redis = createRedisClient({
    url: `http://127.0.0.1:${port}`,
    token: 't',
    timeoutMs: TIMEOUT_MS,
    RedisClass: Redis,
  })
  return {
    store: createUpstashSessionStore(redis, 'gh-down'),
    limiter: createUpstashRateLimiter(redis, 'gh-down', { timeoutMs: TIMEOUT_MS }),
  }
}

const calls = (a: ReturnType<typeof adapters>): [string, () => Promise<unknown>][] => [
  ['hit', () => a.limiter.hit(rule, 'k')],
  ['peek', () => a.limiter.peek(rule, 'k')],
  ['refund', () => a.limiter.refund(rule, 'k')],
  ['reset', () => a.limiter.reset(rule, 'k')],
  ['touch', () => a.store.touch('k', 60)],
  [
    'create',
    () =>
      a.store.create(
        'k',
        {
          userId: 1,
          email: 'a@b.c',
          isActive: true,
          isVerified: true,
          createdAt: 0,
          generation: 0,
          cookieSetAt: 0,
          publicId: 'public-id',
          ip: '10.0.0.1',
          userAgent: 'curl/8.5.0',
          device: 'curl',
          lastSeenAt: 1_700_000_000_000,
        },
        60,
      ),
  ],
  ['generation', () => a.store.generation(1)],
  ['revokeUser', () => a.store.revokeUser(1)],
  ['ping', () => a.store.ping()],
]

describe('adapters when nothing listens', () => {
  let a: ReturnType<typeof adapters>
  beforeAll(async () => {
    const listener = await listen(() => {})
    await close(listener)
    a = adapters(listener.port)
  })

  for (const [name, call] of calls({
    get limiter() {
      return a.limiter
    },
    get store() {
      return a.store
    },
  } as never)) {
    test(`${name} throws at once`, async () => {
      expect(await rejectsWithin(call)).toBeLessThan(TIMEOUT_MS)
    })
  }
})

describe('adapters when the server accepts but never answers', () => {
  let a: ReturnType<typeof adapters>
  let silent: Awaited<ReturnType<typeof listen>>
  beforeAll(async () => {
    silent = await listen(() => {})
    a = adapters(silent.port)
  })
  afterAll(async () => {
    await close(silent)
  })

  for (const [name, call] of calls({
    get limiter() {
      return a.limiter
    },
    get store() {
      return a.store
    },
  } as never)) {
    test(`${name} throws after about the timeout, never allowing`, async () => {
      expect(await rejectsWithin(call)).toBeGreaterThanOrEqual(TIMEOUT_MS - 50)
    })
  }
})

describe('the rate limiter with a client that has no timeout of its own', () => {
  let silent: Awaited<ReturnType<typeof listen>>
  let limiter: ReturnType<typeof createUpstashRateLimiter>
  beforeAll(async () => {
    silent = await listen(() => {})
    const redis = new Redis({
      url: `http://127.0.0.1:${silent.port}`,
      token: 't',
      retry: { retries: 0 },
      enableTelemetry: false,
    })
    limiter = createUpstashRateLimiter(redis, 'gh-down', { timeoutMs: TIMEOUT_MS })
  })
  afterAll(async () => {
    await close(silent)
  })

  // @upstash/ratelimit itself answers `success: true, reason: 'timeout'` here.
  test('hit still throws instead of letting the request through', async () => {
    expect(await rejectsWithin(() => limiter.hit(rule, 'k'))).toBeGreaterThanOrEqual(
      TIMEOUT_MS - 50,
    )
  })

  test('peek still throws', async () => {
    expect(await rejectsWithin(() => limiter.peek(rule, 'k'))).toBeGreaterThanOrEqual(
      TIMEOUT_MS - 50,
    )
  })
})
