// Lets Upstash-flavoured Lua run on Redis 7.0: strips shebang flags it rejects and maps SHA1s.
import { createHash } from 'node:crypto'

// Upstash's flag; Redis 7.0 answers "Unexpected flag in script shebang" to it.
const UNSUPPORTED_FLAGS = new Set(['allow-key-locking'])
const MAX_REMEMBERED = 1000

interface Rewritten {
  source: string
  clientSha: string
  redisSha: string
}

export interface ScriptRewriter {
  /**
   * Returns the command to send to Redis, and for SCRIPT LOAD the SHA1 the client
   * computed itself, to answer instead of the rewritten script's.
   */
  rewrite(args: string[]): { args: string[]; clientSha?: string }
}

export function createScriptRewriter(): ScriptRewriter {
  const bySource = new Map<string, Rewritten | null>()
  const redisShaOf = new Map<string, string>()

  function rewriteSource(source: string): Rewritten | null {
    const known = bySource.get(source)
    if (known !== undefined) return known
    const stripped = stripFlags(source)
    const result =
      stripped === null
        ? null
        : { source: stripped, clientSha: sha1(source), redisSha: sha1(stripped) }
    if (bySource.size >= MAX_REMEMBERED) bySource.clear()
    bySource.set(source, result)
    if (result) {
      if (redisShaOf.size >= MAX_REMEMBERED) redisShaOf.clear()
      redisShaOf.set(result.clientSha, result.redisSha)
    }
    return result
  }

  // An unknown SHA passes through: Redis answers NOSCRIPT and the client falls back to EVAL.
  const mapSha = (sha: string) => redisShaOf.get(sha.toLowerCase()) ?? sha

  return {
    rewrite(args) {
      const name = args[0]!.toLowerCase()
      if ((name === 'eval' || name === 'eval_ro') && args.length > 1) {
        const rewritten = rewriteSource(args[1]!)
        return { args: rewritten ? [args[0]!, rewritten.source, ...args.slice(2)] : args }
      }
      if ((name === 'evalsha' || name === 'evalsha_ro') && args.length > 1) {
        return { args: [args[0]!, mapSha(args[1]!), ...args.slice(2)] }
      }
      if (name === 'script' && args.length > 2) {
        const sub = args[1]!.toLowerCase()
        if (sub === 'load') {
          const rewritten = rewriteSource(args[2]!)
          if (rewritten)
            return { args: [args[0]!, args[1]!, rewritten.source], clientSha: rewritten.clientSha }
        }
        if (sub === 'exists') return { args: [args[0]!, args[1]!, ...args.slice(2).map(mapSha)] }
      }
      return { args }
    },
  }
}

/** The script without the unsupported shebang flags, or null when there is nothing to strip. */
export function stripFlags(source: string): string | null {
  if (!source.startsWith('#!')) return null
  const newline = source.indexOf('\n')
  const line = newline === -1 ? source : source.slice(0, newline)
  const rest = newline === -1 ? '' : source.slice(newline)
  let changed = false
  const parts = line.split(/[ \t]+/).flatMap((part) => {
    if (!part.startsWith('flags=')) return [part]
    const flags = part.slice('flags='.length).split(',').filter(Boolean)
    const kept = flags.filter((flag) => !UNSUPPORTED_FLAGS.has(flag))
    if (kept.length === flags.length) return [part]
    changed = true
    return kept.length > 0 ? [`flags=${kept.join(',')}`] : []
  })
  return changed ? parts.join(' ') + rest : null
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex')
}
