// Builds the deps once per process on Bun: database, stores, mailer, hasher, background tasks.
import { Redis, type Requester } from '@upstash/redis'
import type { Server } from 'bun'
import type { Context } from 'hono'
import { createDevMailbox } from '../../adapters/dev-mailbox'
import { createJsonLog } from '../../adapters/json-log'
import { createMemoryRateLimiter } from '../../adapters/memory-rate-limiter'
import { createMemorySessionStore } from '../../adapters/memory-session-store'
import { createSmtpMailer } from '../../adapters/smtp-mailer'
import { SMTP_REUSE } from '../../adapters/smtp-pool'
import { createBatchingRequester } from '../../adapters/upstash-batching'
import { createUpstashRateLimiter } from '../../adapters/upstash-rate-limiter'
import { createUpstashSessionStore } from '../../adapters/upstash-session-store'
import { createWebhookSender } from '../../adapters/webhook-sender'
import { createAccessTokens } from '../../auth/access-token'
import type { Config } from '../../config'
import { createDb } from '../../db'
import type { Deps } from '../../deps'
import { deliverEvents } from '../../mail/outbox'
import type { Clock, Log } from '../../ports'
import { createDeferredTasks } from '../deferred-tasks'
import { createRespRedis } from '../resp/requester'
import { createNativeArgon2 } from './argon2'
import { type OpenDatabase, openDatabase } from './database'

/**
 * Replies reach the adapters as the REST server sent them (JSON values): each adapter reads
 * what it wrote itself, so the client's JSON.parse attempt on every reply is skipped.
 */
class BatchedRedis extends Redis {
  constructor(requester: Requester) {
    super(requester)
    this.opts = { automaticDeserialization: false }
  }
}

export interface BunDeps extends Deps {
  /** Resolves when every deferred task (mail attempts) has finished. */
  settled(): Promise<void>
  close(): Promise<void>
}

interface BunDepsOptions {
  log?: Log
  clock?: Clock
  migrate?: boolean
  /**
   * An already open database (shared by several app instances in one process); not closed by
   * close().
   */
  database?: OpenDatabase
}

export async function createBunDeps(
  config: Config,
  options: BunDepsOptions = {},
): Promise<BunDeps> {
  const log = options.log ?? createJsonLog()
  const clock = options.clock ?? { now: () => new Date() }
  const database = options.database ?? (await openDatabase(config.database))
  if (!options.database && (options.migrate ?? config.env !== 'production'))
    await database.migrate()

  // Many requests share one process here: the Redis commands issued in one event-loop turn,
  // whichever requests they belong to, travel in one write or one HTTP request (setImmediate
  // ends the turn).
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
      ? new BatchedRedis(
          createBatchingRequester({
            url: config.redis.url,
            token: config.redis.token,
            timeoutMs: config.redis.timeoutMs,
            schedule: setImmediate,
          }),
        )
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

  const deps: BunDeps = {
    config,
    // Events committed by a flow get their first attempt as deferred work of these deps.
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
    hasher: createNativeArgon2(),
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
      (c.env as { server?: Server<unknown> } | undefined)?.server?.requestIP(c.req.raw)?.address,
    settled,
    async close() {
      await settled()
      await smtpChecked
      await smtp?.close()
      resp?.close()
      if (!options.database) await database.close()
    },
  }
  return deps
}
