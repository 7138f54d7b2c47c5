// Per-client-IP rate limits; over the limit the contract's 429 with Retry-After and RateLimit-*
// headers.
import type { MiddlewareHandler } from 'hono'
import { rateLimit } from '../../auth/rate-limits'
import type { RuleName } from '../../config'
import type { AppEnv, Deps } from '../../deps'
import { AppError } from '../../errors'
import type { RateLimitResult } from '../../ports'
import { ipRateLimitKey } from '../ip-key'

export function limitByIp(rule: RuleName): MiddlewareHandler<AppEnv> {
  return async function limitByIp(c, next) {
    const key = `ip:${ipRateLimitKey(c.get('clientIp'))}`
    const result = await rateLimit(c.get('deps'), 'hit', rule, key)
    if (!result.allowed) throw rateLimited(result)
    return next()
  }
}

export function rateLimited(result: Pick<RateLimitResult, 'limit' | 'resetSeconds'>): AppError {
  const wait = String(Math.max(1, Math.ceil(result.resetSeconds)))
  return new AppError('RATE_LIMITED', {
    headers: {
      'Retry-After': wait,
      'RateLimit-Limit': String(result.limit),
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': wait,
    },
  })
}

/** The account's budget of wrong one-time codes is spent: the same 429 as every other limit. */
export function codesLimited(deps: Deps, retryAfter?: number): AppError {
  const { limit, windowSeconds } = deps.config.rateLimits.codeFailuresPerEmail
  return rateLimited({ limit, resetSeconds: retryAfter ?? windowSeconds })
}
