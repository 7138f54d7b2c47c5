// Test helper: Redis for the app and the adapters, with a key prefix per run: over RESP to
// TEST_REDIS_URL when TEST_REDIS_TRANSPORT=resp, else through the Upstash REST server in-process.
import { Socket } from 'node:net'
import type { Redis } from '@upstash/redis'
import { Redis as RestRedis } from '@upstash/redis'
import { createRedisClient } from '../../src/adapters/upstash-client'
import { createRespClient } from '../../src/runtime/resp/client'
import { createRespRedis } from '../../src/runtime/resp/requester'
import { startRedisHttp } from '../../tools/redis-http/server'

export type RedisTransport = 'resp' | 'rest'

/** The transport the app and the adapters use in this run. */
export const TEST_REDIS_TRANSPORT: RedisTransport =
  process.env.TEST_REDIS_TRANSPORT === 'resp' ? 'resp' : 'rest'

export interface TestRedis {
  transport: RedisTransport
  /** What an app's environment needs to use this Redis on this run's transport. */
  appEnv: Record<string, string>
  /** The REST server as the app meets it: only the app's commands and scripts run. */
  url: string
  token: string
  /** Unique per call; every key a test writes should start with it. */
  prefix: string
  /** A client with the app's settings (timeout, no retries, one round trip per turn). */
  redis: Redis
  /** Another client on its own connection, as a second app instance would have. */
  createClient(timeoutMs?: number): Redis
  /** How many round trips to Redis (HTTP requests or socket writes) `work` made. */
  roundTrips(work: () => Promise<unknown>): Promise<number>
  /**
   * A second server in front of the same Redis that runs any command (same token): tests
   * seed and inspect through it what the app's allow-list refuses (TTL, SMEMBERS, SET).
   */
  open: { url: string; redis: Redis }
  /** Deletes every key under the prefix and stops the servers. */
  cleanup(): Promise<void>
}

/** Null when TEST_REDIS_URL is unset, so callers can skip. */
export async function startTestRedis(
  options: { timeoutMs?: number } = {},
): Promise<TestRedis | null> {
  const redisUrl = process.env.TEST_REDIS_URL
  if (!redisUrl) return null
  const token = crypto.randomUUID()
  const server = await startRedisHttp({ redisUrl, token })
  const open = await startRedisHttp({ redisUrl, token, allow: () => null })
  const prefix = `gh-test-${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`
  const transport = TEST_REDIS_TRANSPORT
  const closers: (() => void)[] = []
  const createClient = (timeoutMs = options.timeoutMs ?? 1000): Redis => {
    if (transport === 'rest')
      return createRedisClient({ url: server.url, token, timeoutMs, RedisClass: RestRedis })
    const resp = createRespRedis({ url: redisUrl, timeoutMs, schedule: setImmediate })
    closers.push(resp.close)
    return resp.redis
  }
  const redis = createClient()

  return {
    transport,
    appEnv:
      transport === 'resp'
        ? { REDIS_URL: redisUrl }
        : { UPSTASH_REDIS_REST_URL: server.url, UPSTASH_REDIS_REST_TOKEN: token },
    roundTrips: (work) => countRoundTrips(transport, server.url, redisUrl, work),
    url: server.url,
    token,
    prefix,
    redis,
    createClient,
    open: {
      url: open.url,
      redis: createRedisClient({ url: open.url, token, timeoutMs: 5000, RedisClass: RestRedis }),
    },
    async cleanup() {
      try {
        await deleteByPrefix(redisUrl, prefix)
      } finally {
        for (const close of closers.splice(0)) close()
        await server.stop()
        await open.stop()
      }
    },
  }
}

async function deleteByPrefix(redisUrl: string, prefix: string): Promise<void> {
  const client = createRespClient({ url: redisUrl })
  try {
    let cursor = '0'
    do {
      const [reply] = await client.send([['SCAN', cursor, 'MATCH', `${prefix}:*`, 'COUNT', '1000']])
      const [next, found] = reply as [Buffer, Buffer[]]
      const keys = found.map(String)
      if (keys.length > 0) await client.send([['DEL', ...keys]])
      cursor = String(next)
    } while (cursor !== '0')
  } finally {
    client.close()
  }
}

// REST: fetches to the server. RESP: writes on sockets to the Redis port (a write is a round
// trip: the client writes a batch and waits for its replies).
async function countRoundTrips(
  transport: RedisTransport,
  restUrl: string,
  redisUrl: string,
  work: () => Promise<unknown>,
): Promise<number> {
  let count = 0
  if (transport === 'rest') {
    const original = globalThis.fetch
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input instanceof Request ? input.url : input).startsWith(restUrl)) count++
      return original(input, init)
    }) as typeof fetch
    try {
      await work()
    } finally {
      globalThis.fetch = original
    }
    return count
  }
  const port = Number(new URL(redisUrl).port || 6379)
  const write = Socket.prototype.write
  Socket.prototype.write = function (this: Socket, ...args: unknown[]) {
    if (this.remotePort === port) count++
    return (write as (...a: unknown[]) => boolean).apply(this, args)
  } as typeof write
  try {
    await work()
  } finally {
    Socket.prototype.write = write
  }
  return count
}
