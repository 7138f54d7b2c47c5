// The Cloudflare Workers entry: `fetch` serves the one app with deps built per request; `scheduled`
// drains the mail outbox.
import { createJsonLog } from '../../adapters/json-log'
import { type App, createApp } from '../../app'
import type { Deps } from '../../deps'
import { drainOutbox } from '../../mail/outbox'
import { openRequestScope, type RequestScope } from './deps'
import { configFor } from './env'
import type { ExecutionContext, ScheduledController, WorkerEnv } from './types'

const log = createJsonLog()
/**
 * Built once per isolate, on the first request: the routes live under APP_URL's path, which
 * only `env` knows. Each request brings its own deps through Hono's env.
 */
const apps = new Map<string, App>()
function appFor(basePath: string): App {
  let app = apps.get(basePath)
  if (!app) {
    app = createApp((c) => (c.env as { deps: Deps }).deps, basePath)
    apps.set(basePath, app)
  }
  return app
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let scope: RequestScope
    try {
      scope = openRequestScope(configFor(env, log), ctx, log)
    } catch (error) {
      return misconfigured(error)
    }
    try {
      return await appFor(scope.deps.config.basePath).fetch(request, { deps: scope.deps })
    } finally {
      scope.finish()
    }
  },

  async scheduled(
    controller: ScheduledController,
    env: WorkerEnv,
    ctx: ExecutionContext,
  ): Promise<void> {
    const scope = openRequestScope(configFor(env, log), ctx, log)
    try {
      const { sent, failed } = await drainOutbox(scope.deps)
      if (sent + failed > 0) log.info('outbox.drained', { sent, failed, cron: controller.cron })
    } catch (error) {
      log.warn('outbox.drain_failed', {
        error: error instanceof Error ? error.message.split('\n')[0] : String(error),
      })
    } finally {
      scope.finish()
    }
  },
}

/** Without a valid configuration there is no app: a bare 500, and the reason in the log only. */
function misconfigured(error: unknown): Response {
  log.error('config_invalid', {
    error: error instanceof Error ? error.message.replace(/\n\s*/g, ' ') : String(error),
  })
  return Response.json(
    { detail: 'Internal server error' },
    {
      status: 500,
      headers: {
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'DENY',
      },
    },
  )
}
