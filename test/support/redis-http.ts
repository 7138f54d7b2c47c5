// Test helper: the Upstash REST server in-process in front of TEST_REDIS_URL, with a key prefix per run.
import { Redis } from '@upstash/redis'
import { createRedisClient } from '../../src/adapters/upstash-client'
import { startRedisHttp } from '../../src/runtime/bun/redis-http/server'

export interface TestRedis {
  url: string
  token: string
  /** Unique per call; every key a test writes should start with it. */
  prefix: string
  /** A client with the app's settings (timeout, no retries, auto-pipelining). */
  redis: Redis
  /** Another client on the same server, as a second app instance would have. */
  createClient(timeoutMs?: number): Redis
  /** Deletes every key under the prefix and stops the server. */
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
  const prefix = `gh-test-${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`
  const createClient = (timeoutMs = options.timeoutMs ?? 1000) =>
    createRedisClient({ url: server.url, token, timeoutMs, RedisClass: Redis })
  const redis = createClient()

  return {
    url: server.url,
    token,
    prefix,
    redis,
    createClient,
    async cleanup() {
      try {
        await deleteByPrefix(createClient(5000), prefix)
      } finally {
        await server.stop()
      }
    },
  }
}

async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, { match: `${prefix}:*`, count: 1000 })
    if (keys.length > 0) await redis.del(...keys)
    cursor = String(next)
  } while (cursor !== '0')
}
