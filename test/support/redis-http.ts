// Test helper: the Upstash REST server in-process in front of TEST_REDIS_URL, with a key prefix per run.
import { Redis } from '@upstash/redis'
import { createRedisClient } from '../../src/adapters/upstash-client'
import { createRespClient } from '../../tools/redis-http/resp-client'
import { startRedisHttp } from '../../tools/redis-http/server'

export interface TestRedis {
  /** The server as the app meets it: only the app's commands and scripts run. */
  url: string
  token: string
  /** Unique per call; every key a test writes should start with it. */
  prefix: string
  /** A client with the app's settings (timeout, no retries, auto-pipelining). */
  redis: Redis
  /** Another client on the same server, as a second app instance would have. */
  createClient(timeoutMs?: number): Redis
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
  const createClient = (timeoutMs = options.timeoutMs ?? 1000) =>
    createRedisClient({ url: server.url, token, timeoutMs, RedisClass: Redis })
  const redis = createClient()

  return {
    url: server.url,
    token,
    prefix,
    redis,
    createClient,
    open: {
      url: open.url,
      redis: createRedisClient({ url: open.url, token, timeoutMs: 5000, RedisClass: Redis }),
    },
    async cleanup() {
      try {
        await deleteByPrefix(redisUrl, prefix)
      } finally {
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
