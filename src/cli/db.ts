// `gatehouse db migrate`: what `npm run db:migrate` does.
import { parseArgs } from 'node:util'
import { openDatabase } from '../runtime/bun/database'
import { type Output, readConfig, UsageError } from './context'

export const DB_HELP = `gatehouse db migrate [--json]

Applies the migrations in drizzle/ to DATABASE_URL (or the embedded PGlite).`

export async function db(args: string[], out: Output): Promise<void> {
  const [command, ...rest] = args
  if (command !== 'migrate') {
    out.result({ help: DB_HELP }, () => DB_HELP)
    if (command === '--help' || command === '-h') return
    throw new UsageError(command ? `unknown command: db ${command}` : 'a db command is needed')
  }
  let values: { json?: boolean; help?: boolean }
  try {
    values = parseArgs({
      args: rest,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${DB_HELP}`)
  }
  if (values.help) {
    out.result({ help: DB_HELP }, () => DB_HELP)
    return
  }
  const config = readConfig()
  const database = await openDatabase(config.database)
  try {
    await database.migrate()
  } finally {
    await database.close()
  }
  out.result(
    { migrated: true, database: config.database.kind },
    () => `migrations applied (${config.database.kind})`,
  )
}
