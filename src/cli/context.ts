// What every command shares: its outcome type, output (table or --json), argument dispatch, and
// the server's deps.
import { createJsonLog } from '../adapters/json-log'
import { type Config, parseConfig } from '../config'
import { adminQueries } from '../db/admin'
import { eventWriter } from '../db/outbox'
import { deliverEvents } from '../mail/outbox'
import {
  type Flag,
  type FlagValues,
  parseCommandLine,
  processEnv,
  writeStderr,
  writeStdout,
} from '../runtime/bun/cli-io'
import { openDatabase } from '../runtime/bun/database'
import { type BunDeps, createBunDeps } from '../runtime/bun/deps'

/**
 * The contract's exit codes: 0 success, 1 user or mail not found, 2 bad usage. A failure of
 * the command itself (the database unreachable) is 1 too, with a message saying which.
 */
export const EXIT = { ok: 0, notFound: 1, failed: 1, usage: 2 } as const

export class UsageError extends Error {}
export class NotFoundError extends Error {}

export interface Output {
  json: boolean
  /** A JSON document with --json, else the table or lines. */
  result(value: unknown, human: () => string): void
}

export function output(json: boolean): Output {
  return {
    json,
    result(value, human) {
      writeStdout(`${json ? JSON.stringify(value, null, 2) : human()}\n`)
    },
  }
}

type Cell = string | number | boolean | Date | null | undefined

function cell(value: Cell): string {
  if (value === null || value === undefined) return '-'
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z')
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  return String(value)
}

/** A plain aligned table; an empty listing says so. */
export function table(headers: string[], rows: Cell[][]): string {
  if (rows.length === 0) return '(none)'
  const text = [headers, ...rows.map((r) => r.map(cell))]
  const widths = headers.map((_, i) => Math.max(...text.map((r) => r[i]!.length)))
  return text
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/** A whole number from 1 to 10000, or the fallback when the flag is absent. */
export function limitFlag(value: string | boolean | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new UsageError('--limit must be a whole number from 1 to 10000')
  return n
}

/** One subcommand: its help, its own flags (besides --json and --help) and how it runs. */
export interface Command {
  usage: string
  flags?: Record<string, Flag>
  run(args: { values: FlagValues; positionals: string[] }, out: Output): Promise<void>
}

const COMMON: Record<string, Flag> = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
}

/**
 * `gatehouse <group> <command> …`: finds the command, parses its flags strictly (another
 * command's flag is bad usage here), answers --help, and runs it.
 */
export async function dispatch(
  group: string,
  groupHelp: string,
  commands: Record<string, Command>,
  args: string[],
  out: Output,
): Promise<void> {
  const [name, ...rest] = args
  if (!name || name === '--help' || name === '-h') {
    out.result({ help: groupHelp }, () => groupHelp)
    if (!name) throw new UsageError(`a ${group} command is needed`)
    return
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (!command) throw new UsageError(`unknown command: ${group} ${name}\n\n${groupHelp}`)
  let parsed: ReturnType<typeof parseCommandLine>
  try {
    parsed = parseCommandLine(rest, { ...COMMON, ...command.flags })
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${command.usage}`)
  }
  if (parsed.values.help) {
    out.result({ help: command.usage }, () => command.usage)
    return
  }
  await command.run(parsed, out)
}

/** Log lines go to stderr, so stdout holds only the result (a --json document parses). */
const log = createJsonLog((line) => writeStderr(`${line}\n`))

const MAIL_REFUSED =
  'this command sends mail, which needs the SMTP settings the servers have (SMTP_HOST and the ' +
  'rest): the development mailbox lives in the server process and would print the links'

export const SESSIONS_REFUSED =
  'this command ends sessions, which live in the Redis the servers share; set REDIS_URL (or ' +
  'UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN) as the server has them (without Redis ' +
  'each server keeps its sessions in its own memory, out of reach)'

export interface CliDeps {
  deps: BunDeps
  admin: ReturnType<typeof adminQueries>
  close(): Promise<void>
}

export function readConfig(): Config {
  return parseConfig(processEnv())
}

/**
 * The server's own deps (same DATABASE_URL, Redis and SMTP settings). `sessions`: the command
 * ends sessions, which only works on the store the servers share, so in-memory stores (no
 * Redis configured: each server process keeps its own) are refused rather than silently
 * revoking nothing. The embedded database opens only if a server uses that directory.
 */
export async function openDeps(
  options: { sessions?: boolean; mail?: boolean } = {},
): Promise<CliDeps> {
  const config = readConfig()
  if (options.mail && !config.smtp) throw new UsageError(MAIL_REFUSED)
  if (options.sessions && !config.redis) throw new UsageError(SESSIONS_REFUSED)
  const database = await openDatabase(config.database, 'cli')
  try {
    const deps = await createBunDeps(config, { log, database, migrate: false })
    const admin = adminQueries(
      database.db,
      eventWriter(database.db, {
        enabled: Boolean(config.webhook),
        committed: (ids) => deliverEvents(deps, ids),
      }),
    )
    return {
      deps,
      admin,
      async close() {
        await deps.close()
        await database.close()
      },
    }
  } catch (error) {
    await database.close()
    throw error
  }
}

export { log }
