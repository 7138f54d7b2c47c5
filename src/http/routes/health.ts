// Liveness and readiness; readiness names the failing dependency and reports the mail backlog.
import { Hono } from 'hono'
import type { AppEnv, Deps } from '../../deps'
import { MIGRATE_COMMAND } from '../../errors'

const CHECK_TIMEOUT_MS = 2000

export const healthRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ status: 'ok' }))
  .get('/readyz', async (c) => {
    const deps = c.get('deps')
    const [database, redis, outbox] = await Promise.all([
      // The schema check is a query too: it also proves the database answers.
      probe(() => deps.db.schemaStatus()),
      probe(() => deps.sessions.ping()),
      probe(() => deps.db.outboxBacklog(deps.clock.now())),
    ])
    // Mail never makes the instance unready: the outbox keeps what could not be sent yet.
    const checks = {
      database: database ?? 'down',
      redis: redis ?? 'down',
      mail: deps.mailer.status(),
    }
    const ready = database === 'ok' && redis !== null
    const body = {
      status: ready ? 'ok' : 'unavailable',
      checks,
      ...(outbox && {
        outbox: { pending: outbox.pending, oldest_pending_seconds: outbox.oldestPendingSeconds },
      }),
    }
    if (!ready) logDown(deps, checks)
    return ready ? c.json(body) : c.json(body, 503, { 'Retry-After': '5' })
  })

async function probe<T>(check: () => Promise<T>): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<null>(
    (resolve) => (timer = setTimeout(() => resolve(null), CHECK_TIMEOUT_MS)),
  )
  try {
    return await Promise.race([check(), timeout])
  } catch {
    return null
  } finally {
    clearTimeout(timer)
  }
}

function logDown(deps: Deps, checks: Record<string, string>) {
  const fix = checks.database === 'not_migrated' ? { fix: MIGRATE_COMMAND } : {}
  deps.log.warn('readiness', { ...checks, ...fix })
}
