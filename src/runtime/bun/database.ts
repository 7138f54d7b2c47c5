// The database on Bun: postgres.js when DATABASE_URL is set, embedded PGlite otherwise; migrations
// from drizzle/.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Config } from '../../config'
import type { Database } from '../../db/database'
import * as schema from '../../db/schema'

export const MIGRATIONS = fileURLToPath(new URL('../../../drizzle', import.meta.url))

export interface OpenDatabase {
  db: Database
  migrate(): Promise<void>
  close(): Promise<void>
}

export async function openDatabase(database: Config['database']): Promise<OpenDatabase> {
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
  if (!inMemory) mkdirSync(database.dir, { recursive: true })
  const client = new PGlite(inMemory ? undefined : database.dir)
  const db = drizzle(client, { schema }) as unknown as Database
  return {
    db,
    migrate: () => migrate(db as never, { migrationsFolder: MIGRATIONS }),
    close: () => client.close(),
  }
}
