// createDb(database, events) → the Db port, on either Drizzle driver.
import type { Db } from '../ports'
import { accountQueries } from './account'
import { codeQueries } from './codes'
import type { Database } from './database'
import { type EventOptions, eventWriter, NO_EVENTS, outboxQueries } from './outbox'
import { schemaQueries } from './schema-status'
import { tokenQueries } from './tokens'
import { userQueries } from './users'

/**
 * `events` says whether lifecycle events are written (WEBHOOK_URL) and who starts the first
 * attempt of the ones a committed transaction wrote; without it, none are written.
 */
export function createDb(database: Database, events: EventOptions = NO_EVENTS): Db {
  const writer = eventWriter(database, events)
  return {
    ...userQueries(database, writer),
    ...tokenQueries(database, writer),
    ...accountQueries(database, writer),
    ...codeQueries(database),
    ...outboxQueries(database),
    ...schemaQueries(database),
  }
}
