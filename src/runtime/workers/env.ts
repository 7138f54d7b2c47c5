// Workers configuration: the string vars and secrets of `env` (and a Hyperdrive binding), parsed
// once per isolate.
import { type Config, ConfigError, parseConfig } from '../../config'
import type { Log } from '../../ports'
import type { WorkerEnv } from './types'

// Why cache: `env` is the same for every request an isolate serves, and a Config parsed
// per request would, in development, generate a new JWT_SECRET (and new in-memory stores)
// every time. The text key also covers a runtime that hands out a fresh `env` object.
const byEnv = new WeakMap<object, Config>()
let latest: { key: string; config: Config } | undefined

export function configFor(env: WorkerEnv, log: Log): Config {
  const cached = byEnv.get(env)
  if (cached) return cached
  const record = toRecord(env)
  const key = JSON.stringify(record)
  if (latest?.key !== key) {
    const config = parseConfig(record)
    // PGlite needs a filesystem and a long-lived process; a Worker has neither.
    if (config.database.kind !== 'postgres')
      throw new ConfigError(['DATABASE_URL (or a HYPERDRIVE binding) is required on Workers'])
    // A Worker reaches Redis over HTTP only; RESP needs the long-lived sockets of Bun or Deno.
    if (config.redis?.transport === 'resp')
      throw new ConfigError([
        'REDIS_URL is for Bun and Deno: on Workers use UPSTASH_REDIS_REST_URL and ' +
          'UPSTASH_REDIS_REST_TOKEN',
      ])
    for (const message of config.warnings) log.warn('config', { message })
    if (!config.redis)
      log.warn('config', {
        message:
          'on Workers the in-memory stores are per isolate: each isolate (and each wrangler ' +
          'dev restart) has its own sessions and rate limits',
      })
    latest = { key, config }
  }
  byEnv.set(env, latest.config)
  return latest.config
}

/**
 * The string entries of env; a Hyperdrive binding supplies DATABASE_URL (its pooled connection
 * string).
 */
function toRecord(env: WorkerEnv): Record<string, string> {
  // Why production unless told otherwise: a deployed Worker whose configuration forgot
  // NODE_ENV (an [env.*] section inherits no vars) must not serve the dev mailbox or run on
  // per-isolate stores. Local development says so itself (wrangler.toml's [env.dev]).
  const record: Record<string, string> = { NODE_ENV: 'production' }
  for (const [name, value] of Object.entries(env))
    if (typeof value === 'string' && !(name === 'NODE_ENV' && value.trim() === ''))
      record[name] = value
  if (env.HYPERDRIVE?.connectionString) record.DATABASE_URL = env.HYPERDRIVE.connectionString
  return record
}
