// `npm start`: serves the app with Bun, drains the mail outbox on a timer, shuts down cleanly.

import { createJsonLog } from '../../adapters/json-log'
import { createApp } from '../../app'
import { ConfigError, parseConfig } from '../../config'
import { startOutboxDrainer } from '../../mail/outbox'
import { createBunDeps } from './deps'
import { stdoutLines } from './stdout-lines'

const log = createJsonLog(stdoutLines())

async function main() {
  const config = parseConfig(process.env)
  for (const warning of config.warnings) log.warn('config', { message: warning })
  const deps = await createBunDeps(config, { log })
  const app = createApp(() => deps, config.basePath)
  const server = Bun.serve({
    port: config.port,
    fetch: (request, server) => app.fetch(request, { server }),
  })
  log.info('listening', {
    url: `http://localhost:${server.port}`,
    appUrl: config.appUrl,
    database: config.database.kind,
    redis: config.redis ? config.redis.transport : 'memory',
    mail: config.smtp ? 'smtp' : 'dev-mailbox',
  })

  const stopDrainer = startOutboxDrainer(deps, config.outboxPollSeconds)

  const stop = async (signal: string) => {
    log.info('shutdown', { signal })
    const drained = stopDrainer()
    await server.stop()
    await drained
    await deps.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message)
  } else {
    log.error('startup_failed', {
      error:
        error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error),
    })
  }
  process.exit(1)
})
