// Builds an @upstash/redis client whose every request fails within timeoutMs instead of hanging or
// retrying.
import type { Redis } from '@upstash/redis'

/** The options this factory sets; both the Node and the Cloudflare builds of Redis accept them. */
export interface RedisClientConfig {
  url: string
  token: string
  retry: { retries: number; backoff: (retryCount: number) => number }
  signal: () => AbortSignal
  enableTelemetry: boolean
  enableAutoPipelining: boolean
}

/** `Redis` from '@upstash/redis' on Bun, from '@upstash/redis/cloudflare' on Workers. */
export type RedisClass = new (config: RedisClientConfig) => Redis

export interface RedisClientOptions {
  url: string
  token: string
  timeoutMs: number
  RedisClass: RedisClass
}

export function createRedisClient(options: RedisClientOptions): Redis {
  return new options.RedisClass({
    url: options.url,
    token: options.token,
    // `retry: false` still makes two attempts in 1.39; zero retries means one. A retry
    // loop would hold a request past the timeout that lets callers fail closed.
    retry: { retries: 0, backoff: () => 0 },
    // A function, not a signal: given a plain AbortSignal, the client turns an abort into
    // a successful `{ result: reason }`; given a function, it throws. One signal per request.
    signal: () => AbortSignal.timeout(options.timeoutMs),
    enableTelemetry: false,
    // Concurrent commands of one tick share one HTTP request; a touch stays one round trip.
    enableAutoPipelining: true,
  })
}
