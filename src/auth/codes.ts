// One-time codes mailed beside links: 8 Crockford base32 characters (40 random bits), shown as
// XXXX-XXXX. Only HMAC-SHA256(key derived from JWT_SECRET, code) is stored, so a database dump
// alone does not let anyone test codes offline: that takes the key, which never leaves memory.
import type { Config } from '../config'
import type { Deps } from '../deps'
import { hmac } from './rate-limits'
import { base64url } from './tokens'

/** Crockford's alphabet: no I, L, O or U, so nothing reads as another character. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const CODE_LENGTH = 8
/** Wrong codes tried against one code before it stops working, even for the right one. */
export const CODE_MAX_ATTEMPTS = 5

/** 5 random bytes are exactly 8 characters of 5 bits each: every code equally likely. */
export function mintCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(5))
  let bits = 0n
  for (const b of bytes) bits = (bits << 8n) | BigInt(b)
  let code = ''
  for (let i = CODE_LENGTH - 1; i >= 0; i--)
    code += CODE_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)]
  return code
}

/** How mails and pages show a code: two groups of four, easier to read out and type. */
export const formatCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`

/**
 * What the person typed, as the canonical code: case-insensitive, with or without the dash (and
 * spaces), with Crockford's readings I/L as 1 and O as 0. null when it cannot be a code at all.
 */
export function normalizeCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  if (code.length !== CODE_LENGTH) return null
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null
  return code
}

const codeKeys = new WeakMap<Config, Promise<CryptoKey>>()

/** The stored form of a (canonical) code. */
export async function codeHash(deps: Pick<Deps, 'config'>, code: string): Promise<string> {
  const mac = await hmac(codeKeys, deps.config, 'gatehouse one-time code v1', code)
  return base64url(new Uint8Array(mac))
}
