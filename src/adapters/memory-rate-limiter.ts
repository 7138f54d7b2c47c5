// Development-only sliding-window counters in this process's memory (the same algorithm as
// @upstash/ratelimit).
import type { Clock, RateLimiter, RateLimitResult, RateLimitRule } from '../ports'

export function createMemoryRateLimiter(clock: Clock): RateLimiter {
  const windows = new Map<string, { start: number; current: number; previous: number }>()
  let sweptAt = 0

  function state(rule: RateLimitRule, key: string, now: number) {
    const size = rule.windowSeconds * 1000
    const start = now - (now % size)
    const id = `${rule.name}:${key}`
    let w = windows.get(id)
    if (!w || w.start < start - size) w = { start, current: 0, previous: 0 }
    else if (w.start < start) w = { start, current: 0, previous: w.current }
    windows.set(id, w)
    // The previous window counts in proportion to how much of it still overlaps the sliding window.
    const used = Math.floor(w.previous * (1 - (now - start) / size)) + w.current
    return { w, used, resetMs: start + size - now }
  }

  function sweep(now: number) {
    if (now - sweptAt < 60_000) return
    sweptAt = now
    for (const [id, w] of windows) if (w.start < now - 2 * 86_400_000) windows.delete(id)
  }

  const result = (
    rule: RateLimitRule,
    allowed: boolean,
    used: number,
    resetMs: number,
  ): RateLimitResult => ({
    allowed,
    limit: rule.limit,
    remaining: Math.max(0, rule.limit - used),
    resetSeconds: Math.max(1, Math.ceil(resetMs / 1000)),
  })

  return {
    async hit(rule, key) {
      const now = clock.now().getTime()
      sweep(now)
      const { w, used, resetMs } = state(rule, key, now)
      if (used >= rule.limit) return result(rule, false, used, resetMs)
      w.current++
      return result(rule, true, used + 1, resetMs)
    },
    async peek(rule, key) {
      const { used, resetMs } = state(rule, key, clock.now().getTime())
      return result(rule, used < rule.limit, used, resetMs)
    },
    async refund(rule, key) {
      // As @upstash/ratelimit's negative rate: off the current window, even below zero when
      // the hit fell in the previous one (the sliding window is an estimate either way).
      state(rule, key, clock.now().getTime()).w.current--
    },
    async reset(rule, key) {
      windows.delete(`${rule.name}:${key}`)
    },
  }
}
