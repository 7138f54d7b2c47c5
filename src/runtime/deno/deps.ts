// Builds the deps once per process on Deno: the same parts as on Bun, with the WebAssembly hasher.
import { setImmediate } from 'node:timers'
import { Redis } from '@upstash/redis'
import type { Context } from 'hono'
import { createDevMailbox } from '../../adapters/dev-mailbox'
import { createMemoryRateLimiter } from '../../adapters/memory-rate-limiter'
import { createMemorySessionStore } from '../../adapters/memory-session-store'
import { createSmtpMailer } from '../../adapters/smtp-mailer'
import { SMTP_REUSE } from '../../adapters/smtp-pool'
import { createRedisClient } from '../../adapters/upstash-client'
import { createUpstashRateLimiter } from '../../adapters/upstash-rate-limiter'
import { createUpstashSessionStore } from '../../adapters/upstash-session-store'
import { createWebhookSender } from '../../adapters/webhook-sender'
import { createAccessTokens } from '../../auth/access-token'
import type { Config } from '../../config'
import { createDb } from '../../db'
import type { Deps } from '../../deps'
import { deliverEvents } from '../../mail/outbox'
import type { Log } from '../../ports'
// node:fs, node:url and the drizzle migrators only: it runs on Deno as it is.
import { openDatabase } from '../bun/database'
import { createDeferredTasks } from '../deferred-tasks'
import { createRespRedis } from '../resp/requester'
import { createDenoArgon2 } from './argon2'
import type { ServeHandlerInfo } from './deno-api'

export interface DenoDeps extends Deps {
  close(): Promise<void>
}

export async function createDenoDeps(config: Config, log: Log): Promise<DenoDeps> {
  const clock = { now: () => new Date() }
  const database = await openDatabase(config.database)
  if (config.env !== 'production') await database.migrate()

  // RESP: the commands of one event-loop turn go in one write on one connection.
  const resp =
    config.redis?.transport === 'resp'
      ? createRespRedis({
          url: config.redis.url,
          timeoutMs: config.redis.timeoutMs,
          schedule: setImmediate,
        })
      : undefined
  const redis =
    resp?.redis ??
    (config.redis?.transport === 'rest'
      ? createRedisClient({
          url: config.redis.url,
          token: config.redis.token,
          timeoutMs: config.redis.timeoutMs,
          RedisClass: Redis,
        })
      : undefined)
  const devMailbox = config.smtp ? undefined : createDevMailbox(log, { clock })
  const smtp =
    config.smtp &&
    createSmtpMailer({
      ...config.smtp,
      from: config.mailFrom,
      fromName: config.mailFromName,
      reuse: SMTP_REUSE,
    })
  // In the background: a slow or absent mail server never holds up the start.
  const smtpChecked = smtp?.checkAtStart(log)
  const { defer, settled } = createDeferredTasks(log)

  const deps: DenoDeps = {
    config,
    db: createDb(database.db, {
      enabled: Boolean(config.webhook),
      committed: (ids) => deliverEvents(deps, ids),
    }),
    sessions: redis
      ? createUpstashSessionStore(redis, config.redis!.prefix)
      : createMemorySessionStore(clock),
    limiter: redis
      ? createUpstashRateLimiter(redis, config.redis!.prefix, {
          timeoutMs: config.redis!.timeoutMs,
        })
      : createMemoryRateLimiter(clock),
    hasher: await createDenoArgon2(),
    mailer: smtp || devMailbox!,
    devMailbox,
    webhooks: config.webhook ? createWebhookSender(config.webhook) : undefined,
    accessTokens: createAccessTokens({
      secret: config.jwtSecret,
      issuer: config.appUrl,
      ttlSeconds: config.accessTokenTtlSeconds,
    }),
    clock,
    defer,
    log,
    peerAddress: (c: Context) =>
      (c.env as { info?: ServeHandlerInfo } | undefined)?.info?.remoteAddr.hostname,
    async close() {
      await settled()
      await smtpChecked
      await smtp?.close()
      resp?.close()
      await database.close()
    },
  }
  return deps
}
