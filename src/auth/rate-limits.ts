// Counting hits against the configured rules; a limiter that cannot answer fails closed.
import type { RuleName } from '../config'
import type { Deps } from '../deps'
import { UnavailableError } from '../errors'
import type { RateLimitResult } from '../ports'
import { sha256 } from './tokens'

type Op = 'hit' | 'peek' | 'reset'

export async function rateLimit(
  deps: Deps,
  op: 'hit' | 'peek',
  rule: RuleName,
  key: string,
): Promise<RateLimitResult>
export async function rateLimit(
  deps: Deps,
  op: 'reset',
  rule: RuleName,
  key: string,
): Promise<undefined>
export async function rateLimit(
  deps: Deps,
  op: Op,
  rule: RuleName,
  key: string,
): Promise<RateLimitResult | undefined> {
  try {
    const limit = deps.config.rateLimits[rule]
    if (op === 'reset') return void (await deps.limiter.reset(limit, key))
    return await deps.limiter[op](limit, key)
  } catch (error) {
    // Never let a request through unlimited because the counter store is down.
    throw new UnavailableError('redis', { cause: error })
  }
}

/** Per-email counters and log lines use a hash, so neither keys nor logs hold addresses. */
export function emailKey(email: string): Promise<string> {
  return sha256(`email:${email}`).then((h) => h.slice(0, 32))
}
