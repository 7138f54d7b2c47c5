// Counting hits against the configured rules; a limiter that cannot answer fails closed.
import type { Config, RuleName } from '../config'
import type { Deps } from '../deps'
import { UnavailableError } from '../errors'
import type { RateLimitResult } from '../ports'

type Op = 'hit' | 'peek' | 'refund' | 'reset'

export async function rateLimit(
  deps: Deps,
  op: 'hit' | 'peek',
  rule: RuleName,
  key: string,
): Promise<RateLimitResult>
export async function rateLimit(
  deps: Deps,
  op: 'refund' | 'reset',
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
    if (op === 'reset' || op === 'refund') return void (await deps.limiter[op](limit, key))
    return await deps.limiter[op](limit, key)
  } catch (error) {
    // Never let a request through unlimited because the counter store is down.
    throw new UnavailableError('redis', { cause: error })
  }
}

/** The HMAC key of emailKey, derived once per configuration (Workers build deps per request). */
const emailKeys = new WeakMap<Config, Promise<CryptoKey>>()

/**
 * Per-email counters and log lines use a keyed hash, so neither keys nor logs hold addresses,
 * and someone holding the logs cannot confirm a guessed address by hashing it: that takes
 * the key, which is derived from JWT_SECRET (HKDF, its own label) and never logged.
 */
export async function emailKey(deps: Pick<Deps, 'config'>, email: string): Promise<string> {
  const mac = await hmac(emailKeys, deps.config, 'gatehouse email hash v1', email)
  return [...new Uint8Array(mac, 0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * HMAC-SHA256 of `text` under a key derived from JWT_SECRET with HKDF and `label`: each use has
 * its own key, so one keyed hash never stands in for another. `cache` keeps one key per config.
 */
export async function hmac(
  cache: WeakMap<Config, Promise<CryptoKey>>,
  config: Config,
  label: string,
  text: string,
): Promise<ArrayBuffer> {
  let key = cache.get(config)
  if (!key) {
    key = deriveKey(config.jwtSecret, label)
    cache.set(config, key)
  }
  return crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(text))
}

async function deriveKey(secret: string, label: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    'HKDF',
    false,
    ['deriveKey'],
  )
  return crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(0),
      info: new TextEncoder().encode(label),
    },
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  )
}
