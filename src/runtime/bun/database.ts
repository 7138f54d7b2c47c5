// The database on Bun: postgres.js when DATABASE_URL is set, embedded PGlite otherwise; migrations
// from drizzle/.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Config } from '../../config'
import type { Database } from '../../db/database'
import * as schema from '../../db/schema'
import {
  assertServerPgliteDir,
  EmbeddedDatabaseError,
  lockPgliteDir,
  type PgliteRole,
} from './pglite-lock'

export const MIGRATIONS = fileURLToPath(new URL('../../../drizzle', import.meta.url))

export interface OpenDatabase {
  db: Database
  migrate(): Promise<void>
  close(): Promise<void>
}

/**
 * `role` says who opens an embedded directory: the server (the default) marks it as its own;
 * the command line opens only a directory a server has used; each holds the directory's lock
 * while open (see pglite-lock.ts). Postgres and `memory://` need neither.
 */
export async function openDatabase(
  database: Config['database'],
  role: PgliteRole = 'server',
): Promise<OpenDatabase> {
  if (database.kind === 'postgres') {
    const { default: postgres } = await import('postgres')
    const { drizzle } = await import('drizzle-orm/postgres-js')
    const { migrate } = await import('drizzle-orm/postgres-js/migrator')
    const client = postgres(database.url, {
      max: 10,
      connect_timeout: 5,
      idle_timeout: 60,
      onnotice: () => {},
    })
    const db = drizzle(client, { schema }) as unknown as Database
    return {
      db,
      migrate: () => migrate(db as never, { migrationsFolder: MIGRATIONS }),
      close: () => client.end({ timeout: 5 }),
    }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = await import('drizzle-orm/pglite')
  const { migrate } = await import('drizzle-orm/pglite/migrator')
  const inMemory = database.dir === 'memory://'
  if (role === 'cli') {
    if (inMemory)
      throw new EmbeddedDatabaseError(
        'PGLITE_DIR=memory:// is a database inside one process: the command line cannot reach ' +
          "the server's. Set DATABASE_URL (or PGLITE_DIR) as the server has it.",
      )
    assertServerPgliteDir(database.dir)
  }
  if (!inMemory) mkdirSync(database.dir, { recursive: true })
  const release = inMemory ? () => {} : lockPgliteDir(database.dir, role)
  let client: InstanceType<typeof PGlite>
  try {
    client = new PGlite(inMemory ? undefined : database.dir)
    await client.waitReady
  } catch (error) {
    release()
    throw error
  }
  const db = drizzle(client, { schema }) as unknown as Database
  return {
    db,
    migrate: () => migrate(db as never, { migrationsFolder: MIGRATIONS }),
    close: () => client.close().finally(release),
  }
}
