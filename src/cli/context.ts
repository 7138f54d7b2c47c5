// What every command shares: its outcome type, output (table or --json), and the server's deps.
import { writeSync } from 'node:fs'
import { createJsonLog } from '../adapters/json-log'
import { type Config, parseConfig } from '../config'
import { adminQueries } from '../db/admin'
import { eventWriter } from '../db/outbox'
import { deliverEvents } from '../mail/outbox'
import { openDatabase } from '../runtime/bun/database'
import { type BunDeps, createBunDeps } from '../runtime/bun/deps'

/** The contract's exit codes: 0 success, 1 user or mail not found, 2 bad usage. */
export const EXIT = { ok: 0, notFound: 1, usage: 2 } as const

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
      writeSync(1, `${json ? JSON.stringify(value, null, 2) : human()}\n`)
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

/** Log lines go to stderr, so stdout holds only the result (a --json document parses). */
const log = createJsonLog((line) => writeSync(2, `${line}\n`))

const MAIL_REFUSED =
  'this command sends mail, which needs the SMTP settings the servers have (SMTP_HOST and the rest): the development mailbox lives in the server process and would print the links'

export interface CliDeps {
  deps: BunDeps
  admin: ReturnType<typeof adminQueries>
  close(): Promise<void>
}

export function readConfig(): Config {
  return parseConfig(process.env)
}

/**
 * The server's own deps (same DATABASE_URL, Redis and SMTP settings). `sessions`: the command
 * ends sessions, which only works on the store the servers share, so in-memory stores (no
 * Redis configured: each server process keeps its own) are refused rather than silently
 * revoking nothing.
 */
export async function openDeps(
  options: { sessions?: boolean; mail?: boolean } = {},
): Promise<CliDeps> {
  const config = readConfig()
  if (options.mail && !config.smtp) throw new UsageError(MAIL_REFUSED)
  if (options.sessions && !config.redis)
    throw new UsageError(
      'this command ends sessions, which live in the Redis the servers share; set REDIS_URL (or UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN) as the server has them (without Redis each server keeps its sessions in its own memory, out of reach)',
    )
  const database = await openDatabase(config.database)
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
}

export { log }
