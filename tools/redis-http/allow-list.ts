// The commands and Lua scripts Gatehouse sends, and nothing else: a token holder gets the app's
// operations, not a Redis admin endpoint (no CONFIG, KEYS, FLUSHALL, MIGRATE, arbitrary Lua).
import { createHash } from 'node:crypto'
import { SESSION_SCRIPTS } from '../../src/adapters/upstash-session-store'
import type { Command } from './commands'

/** Answers why a command is refused, or null when it may run. */
export type AllowList = (args: Command) => string | null

/**
 * The SHA1s @upstash/ratelimit 2.x sends with EVALSHA for the single-region sliding window
 * (limit, which is also the refund with rate -1, and getRemaining): the only algorithm
 * src/adapters/upstash-rate-limiter.ts uses. A library upgrade that changes a script fails
 * the rate limiter tests that run through this server, instead of passing silently.
 */
export const RATELIMIT_SCRIPT_SHAS = [
  '74740bb3d7792848093cdef586b6b6037c455fd6',
  '7ca36169e0fc9caedd81b4eef8e99854c157f9b5',
] as const

/** GET (generation), DEL (log-out, limit reset), PING (readiness), and the scripts. */
export function appAllowList(): AllowList {
  const scripts = new Set<string>([
    ...Object.values(SESSION_SCRIPTS).map(sha1),
    ...RATELIMIT_SCRIPT_SHAS,
  ])
  const script = (sha: string | undefined) =>
    sha !== undefined && scripts.has(sha.toLowerCase()) ? null : 'ERR this script is not allowed'

  return (args) => {
    const name = args[0]!.toLowerCase()
    switch (name) {
      case 'ping':
        return args.length <= 2 ? null : refused(args)
      case 'get':
        return args.length === 2 ? null : refused(args)
      case 'del':
        return args.length >= 2 ? null : refused(args)
      case 'eval':
        return script(args[1] === undefined ? undefined : sha1(args[1]))
      case 'evalsha':
        return script(args[1])
      case 'script':
        return args.length === 3 && args[1]!.toLowerCase() === 'load'
          ? script(sha1(args[2]!))
          : refused(args)
      default:
        return refused(args)
    }
  }
}

function refused(args: Command): string {
  return `ERR command '${args[0]}' is not allowed by this server`
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex')
}
