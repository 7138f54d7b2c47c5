// Throwaway PostgreSQL databases for tests and benchmarks: one per run, never shared.
import postgres from 'postgres'
import { openDatabase } from '../../src/runtime/bun/database'

export interface FreshDatabase {
  url: string
  drop(): Promise<void>
}

/** Leftovers of killed runs go once they are this old; a younger one may be another live run's. */
const STALE_MS = 3600_000

/**
 * Creates `<prefix><created-ms>_<random>` next to the admin URL's database, migrated unless
 * told otherwise, and first drops this prefix's stale leftovers.
 */
export async function freshDatabase(
  adminUrl: string,
  prefix: string,
  options: { migrate?: boolean } = {},
): Promise<FreshDatabase> {
  const admin = () => postgres(adminUrl, { max: 1, onnotice: () => {} })
  const name = `${prefix}${Date.now()}_${Math.floor(Math.random() * 1e6)}`
  const sql = admin()
  try {
    const existing = await sql<
      { datname: string }[]
    >`select datname from pg_database where datname like ${`${prefix}%`}`
    for (const { datname } of existing) {
      const createdAt = Number(datname.slice(prefix.length).split('_')[0])
      if (Date.now() - createdAt > STALE_MS)
        await sql.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {})
    }
    await sql.unsafe(`create database "${name}"`)
  } finally {
    await sql.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  if (options.migrate ?? true) {
    const database = await openDatabase({ kind: 'postgres', url: url.toString() })
    await database.migrate()
    await database.close()
  }
  return {
    url: url.toString(),
    async drop() {
      const sql = admin()
      await sql.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {})
      await sql.end()
    },
  }
}
