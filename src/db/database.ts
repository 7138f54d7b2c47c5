// The Drizzle database type shared by the postgres.js and PGlite drivers.
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type * as schema from './schema'

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0]
