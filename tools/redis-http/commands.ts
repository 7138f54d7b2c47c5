// Validates REST request bodies into Redis commands; refuses commands that would break a shared
// connection.
import type { AllowList } from './allow-list'

export type Command = string[]

/**
 * Every command shares one pipelined connection, so anything that blocks it, changes
 * its state (database, protocol, transaction, auth) or stops replies is refused.
 * MULTI/EXEC is offered through /multi-exec instead.
 */
const REFUSED = new Set([
  'auth',
  'hello',
  'select',
  'quit',
  'reset',
  'client',
  'monitor',
  'sync',
  'psync',
  'subscribe',
  'psubscribe',
  'ssubscribe',
  'unsubscribe',
  'punsubscribe',
  'sunsubscribe',
  'multi',
  'exec',
  'discard',
  'watch',
  'unwatch',
  'wait',
  'waitaof',
  'blpop',
  'brpop',
  'brpoplpush',
  'blmove',
  'blmpop',
  'bzpopmin',
  'bzpopmax',
  'bzmpop',
  'replicaof',
  'slaveof',
  'shutdown',
])

export class InvalidCommand extends Error {
  override name = 'InvalidCommand'
}

/**
 * One command from JSON: strings pass as they are, numbers, booleans and null become text.
 * `allow` is checked after the connection-safety refusals, which hold whatever it says.
 */
export function parseCommand(value: unknown, allow: AllowList): Command {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidCommand('ERR a command must be a non-empty JSON array')
  }
  const args = value.map((arg) => {
    if (typeof arg === 'string') return arg
    if (typeof arg === 'number' || typeof arg === 'boolean' || arg === null) return String(arg)
    throw new InvalidCommand('ERR command arguments must be strings, numbers or null')
  })
  const name = args[0]!.toLowerCase()
  if (REFUSED.has(name) || (isStreamRead(name) && hasBlockOption(args))) {
    throw new InvalidCommand(`ERR command '${args[0]}' is not supported by this server`)
  }
  const refusal = allow(args)
  if (refusal !== null) throw new InvalidCommand(refusal)
  return args
}

/** A pipeline or transaction body: a non-empty array of commands, each parsed on its own. */
export function parseCommandList(value: unknown): unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidCommand('ERR a pipeline must be a non-empty JSON array of commands')
  }
  return value
}

function isStreamRead(name: string): boolean {
  return name === 'xread' || name === 'xreadgroup'
}

// Options come before STREAMS; after it are keys and IDs, which may be named "block".
function hasBlockOption(args: Command): boolean {
  for (const arg of args) {
    const lower = arg.toLowerCase()
    if (lower === 'streams') return false
    if (lower === 'block') return true
  }
  return false
}
