// Whether the database's schema is as new as the code: drizzle's record of the migrations it
// applied against the journal the code ships (a JSON import, so Bun, Deno and Workers read it).
import { sql } from 'drizzle-orm'
import journal from '../../drizzle/meta/_journal.json' with { type: 'json' }
import { isMissingTable } from '../errors'
import type { Db } from '../ports'
import type { Database } from './database'
import { rowsOf } from './users'

/**
 * When the code's newest migration was generated. drizzle's migrator records this moment as
 * `created_at` and applies every migration newer than the newest it recorded, so a database
 * whose newest record is older would be changed by `npm run db:migrate`: it is behind the code.
 */
export const LATEST_MIGRATION_MS = Math.max(...journal.entries.map((entry) => entry.when))

/** undefined_table, and invalid_schema_name for a database drizzle never touched. */
const NO_MIGRATIONS_TABLE = new Set(['42P01', '3F000'])

export function schemaQueries(db: Database): Pick<Db, 'schemaStatus'> {
  return {
    async schemaStatus() {
      try {
        const result = await db.execute(
          sql`select max(created_at) as latest from drizzle.__drizzle_migrations`,
        )
        const [row] = rowsOf<{ latest: string | number | bigint | null }>(result)
        const latest = row?.latest == null ? 0 : Number(row.latest)
        return latest >= LATEST_MIGRATION_MS ? 'ok' : 'not_migrated'
      } catch (error) {
        if (isMissingTable(error) || hasCode(error, NO_MIGRATIONS_TABLE)) return 'not_migrated'
        throw error
      }
    },
  }
}

function hasCode(error: unknown, codes: Set<string>): boolean {
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++)
    if (codes.has(String((e as { code?: unknown }).code))) return true
  return false
}
