// `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL (or the embedded PGlite).
import { ConfigError, parseConfig } from '../../config'
import { openDatabase } from './database'

try {
  const config = parseConfig(process.env)
  const database = await openDatabase(config.database, 'migrate')
  await database.migrate()
  await database.close()
  console.log(`migrations applied (${config.database.kind})`)
} catch (error) {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `migration failed: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
  )
  process.exit(1)
}
