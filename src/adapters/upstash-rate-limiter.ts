// RateLimiter on @upstash/ratelimit sliding windows, shared by every instance through Redis.
import { Ratelimit } from '@upstash/ratelimit'
import type { Redis } from '@upstash/redis'
import type { RateLimiter, RateLimitResult, RateLimitRule } from '../ports'

export interface UpstashRateLimiterOptions {
  timeoutMs: number
}

export function createUpstashRateLimiter(
  redis: Redis,
  prefix: string,
  options: UpstashRateLimiterOptions,
): RateLimiter {
  const limiters = new Map<string, Ratelimit>()

  function limiterFor(rule: RateLimitRule): Ratelimit {
    const id = `${rule.name}/${rule.limit}/${rule.windowSeconds}`
    let limiter = limiters.get(id)
    if (!limiter) {
      limiter = new Ratelimit({
        redis,
        limiter: Ratelimit.slidingWindow(rule.limit, `${rule.windowSeconds} s`),
        prefix: keyPrefix(rule),
        // No timer of its own (on timeout it would answer "success"): withDeadline bounds each
        // call.
        timeout: 0,
        analytics: false,
        // An in-process "blocked until" cache would make instances disagree, and a reset
        // on one instance would not lift it on the others.
        ephemeralCache: false,
        enableTelemetry: false,
      })
      limiters.set(id, limiter)
    }
    return limiter
  }

  function keyPrefix(rule: RateLimitRule): string {
    return `${prefix}:rl:${rule.name}`
  }

  return {
    async hit(rule, key) {
      const result = await withDeadline(limiterFor(rule).limit(key), options.timeoutMs)
      // On timeout the library answers success: the request would pass unlimited. Fail closed.
      if (result.reason === 'timeout')
        throw new Error(`rate limiter timed out after ${options.timeoutMs} ms`)
      return toResult(result.success, result.limit, result.remaining, result.reset)
    },

    async peek(rule, key) {
      const result = await withDeadline(limiterFor(rule).getRemaining(key), options.timeoutMs)
      return toResult(result.remaining > 0, result.limit, result.remaining, result.reset)
    },

    async refund(rule, key) {
      // A negative rate is the library's refund: INCRBY -1 on the current window, with no
      // limit check. A hit counted just before a window boundary is taken off the new window.
      await withDeadline(limiterFor(rule).limit(key, { rate: -1 }), options.timeoutMs)
    },

    async reset(rule, key) {
      // Not Ratelimit.resetUsedTokens: it runs a SCAN over the whole keyspace inside one
      // blocking script and takes the identifier as a glob, so resetting "*@example.com"
      // would reset every address of that domain. The sliding window only ever reads the
      // current and previous window keys; the next one is deleted too for clock skew.
      const windowMs = Math.round(rule.windowSeconds * 1000)
      const current = Math.floor(Date.now() / windowMs)
      const base = `${keyPrefix(rule)}:${key}`
      await withDeadline(
        redis.del(`${base}:${current - 1}`, `${base}:${current}`, `${base}:${current + 1}`),
        options.timeoutMs,
      )
    },
  }
}

function toResult(
  allowed: boolean,
  limit: number,
  remaining: number,
  reset: number,
): RateLimitResult {
  const seconds = Math.ceil((reset - Date.now()) / 1000)
  return { allowed, limit, remaining: Math.max(0, remaining), resetSeconds: Math.max(1, seconds) }
}

// The client's own abort covers each request; this bounds the EVALSHA→EVAL fallback pair too.
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}
