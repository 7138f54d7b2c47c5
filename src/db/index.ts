// createDb(database) → the Db port, on either Drizzle driver.
import type { Db } from '../ports'
import type { Database } from './database'
import { outboxQueries } from './outbox'
import { schemaQueries } from './schema-status'
import { tokenQueries } from './tokens'
import { userQueries } from './users'

export function createDb(database: Database): Db {
  return {
    ...userQueries(database),
    ...tokenQueries(database),
    ...outboxQueries(database),
    ...schemaQueries(database),
  }
}
