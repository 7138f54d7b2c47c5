// `gatehouse db migrate`: what `npm run db:migrate` does.
import { openDatabase } from '../runtime/bun/database'
import { type Command, dispatch, type Output, readConfig, UsageError } from './context'

export const DB_HELP = `gatehouse db migrate [--json]

Applies the migrations in drizzle/ to DATABASE_URL (or the embedded PGlite).`

const COMMANDS: Record<string, Command> = {
  migrate: {
    usage: DB_HELP,
    async run({ positionals }, out) {
      if (positionals.length) throw new UsageError(DB_HELP)
      const config = readConfig()
      const database = await openDatabase(config.database, 'migrate')
      try {
        await database.migrate()
      } finally {
        await database.close()
      }
      out.result(
        { migrated: true, database: config.database.kind },
        () => `migrations applied (${config.database.kind})`,
      )
    },
  },
}

export function db(args: string[], out: Output): Promise<void> {
  return dispatch('db', DB_HELP, COMMANDS, args, out)
}
