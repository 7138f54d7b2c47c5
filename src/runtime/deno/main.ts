// `npm run start:deno`: serves the one app with Deno.serve, drains the mail outbox on a timer,
// shuts down cleanly.
// First: worker-mailer (reached through the app's imports below) needs `cloudflare:sockets` at
// load.
import './register-sockets'
import { createJsonLog } from '../../adapters/json-log'
import { createApp } from '../../app'
import { ConfigError, parseConfig } from '../../config'
import { startOutboxDrainer } from '../../mail/outbox'
import type { DenoApi } from './deno-api'
import { createDenoDeps } from './deps'

declare const Deno: DenoApi

const log = createJsonLog()

async function main() {
  const config = parseConfig(Deno.env.toObject())
  for (const warning of config.warnings) log.warn('config', { message: warning })
  const deps = await createDenoDeps(config, log)
  const app = createApp(() => deps, config.basePath)
  const server = Deno.serve(
    {
      port: config.port,
      onListen: (addr) =>
        log.info('listening', {
          url: `http://localhost:${addr.port}`,
          appUrl: config.appUrl,
          runtime: 'deno',
          database: config.database.kind,
          redis: config.redis ? config.redis.transport : 'memory',
          mail: config.smtp ? 'smtp' : 'dev-mailbox',
        }),
    },
    (request, info) => app.fetch(request, { info }),
  )

  const stopDrainer = startOutboxDrainer(deps, config.outboxPollSeconds)

  const stop = async (signal: string) => {
    log.info('shutdown', { signal })
    const drained = stopDrainer()
    await server.shutdown()
    await drained
    await deps.close()
    Deno.exit(0)
  }
  Deno.addSignalListener('SIGINT', () => void stop('SIGINT'))
  Deno.addSignalListener('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(error.message)
  else
    log.error('startup_failed', {
      error:
        error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error),
    })
  Deno.exit(1)
})
