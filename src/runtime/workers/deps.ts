// Deps per request on Workers: a postgres.js connection, Upstash over fetch, SMTP on native
// sockets, wasm argon2.
import { Redis } from '@upstash/redis/cloudflare'
import { drizzle } from 'drizzle-orm/postgres-js'
import type { Context } from 'hono'
import postgres from 'postgres'
import { createDevMailbox, type DevMailbox } from '../../adapters/dev-mailbox'
import { createMemoryRateLimiter } from '../../adapters/memory-rate-limiter'
import { createMemorySessionStore } from '../../adapters/memory-session-store'
import { createSmtpHealth, type SmtpHealth } from '../../adapters/smtp-health'
import { createSmtpMailer } from '../../adapters/smtp-mailer'
import { createRedisClient } from '../../adapters/upstash-client'
import { createUpstashRateLimiter } from '../../adapters/upstash-rate-limiter'
import { createUpstashSessionStore } from '../../adapters/upstash-session-store'
import { createWebhookSender } from '../../adapters/webhook-sender'
import { createAccessTokens } from '../../auth/access-token'
import type { Config } from '../../config'
import { createDb } from '../../db'
import type { Database } from '../../db/database'
import * as schema from '../../db/schema'
import type { Deps } from '../../deps'
import { deliverEvents } from '../../mail/outbox'
import type { Clock, Log, Mailer, RateLimiter, SessionStore } from '../../ports'
import { createDeferredTasks } from '../deferred-tasks'
import { wasmArgon2 } from './argon2'
import type { ExecutionContext } from './types'

export interface RequestScope {
  deps: Deps
  /**
   * Closes the connection once the response and every deferred task are done (through waitUntil).
   */
  finish(): void
}

const clock: Clock = { now: () => new Date() }

interface IsolateStores {
  sessions: SessionStore
  limiter: RateLimiter
  devMailbox: DevMailbox
}

/**
 * Development only (config refuses them in production): they live per isolate, and other isolates
 * do not see them.
 */
const isolateStores = new WeakMap<Config, IsolateStores>()
/**
 * The outcomes of this isolate's mail attempts, for /readyz: the mailer is built per request,
 * its record lives as long as the isolate (readiness is per instance; here, per isolate).
 */
const isolateSmtpHealth = new WeakMap<Config, SmtpHealth>()

export function openRequestScope(config: Config, ctx: ExecutionContext, log: Log): RequestScope {
  if (config.database.kind !== 'postgres')
    throw new Error('Workers need DATABASE_URL or a HYPERDRIVE binding')
  // Why per request: workerd ties a socket to the request that opened it, so a pooled
  // connection cannot serve the next request. Hyperdrive does the pooling in production.
  const client = postgres(config.database.url, {
    max: 1,
    fetch_types: false,
    connect_timeout: 5,
    onnotice: () => {},
  })
  const database = drizzle(client, { schema }) as unknown as Database

  const { defer, settled } = createDeferredTasks(log, (task) => ctx.waitUntil(task))

  // Per request too: with auto-pipelining, a client shared by the isolate would batch one
  // request's commands into a fetch that belongs to (and is cancelled with) another.
  const redis =
    config.redis?.transport === 'rest' &&
    createRedisClient({
      url: config.redis.url,
      token: config.redis.token,
      timeoutMs: config.redis.timeoutMs,
      RedisClass: Redis,
    })
  const local = redis && config.smtp ? undefined : memoryStores(config, log)

  const deps: Deps = {
    config,
    // The first attempt of committed events runs through waitUntil, after the answer.
    db: createDb(database, {
      enabled: Boolean(config.webhook),
      committed: (ids) => deliverEvents(deps, ids),
    }),
    sessions: redis ? createUpstashSessionStore(redis, config.redis!.prefix) : local!.sessions,
    limiter: redis
      ? createUpstashRateLimiter(redis, config.redis!.prefix, {
          timeoutMs: config.redis!.timeoutMs,
        })
      : local!.limiter,
    hasher: wasmArgon2,
    mailer: config.smtp ? smtpMailer(config, ctx, log) : local!.devMailbox,
    devMailbox: config.smtp ? undefined : local!.devMailbox,
    webhooks: config.webhook ? createWebhookSender(config.webhook) : undefined,
    accessTokens: createAccessTokens({
      secret: config.jwtSecret,
      issuer: config.appUrl,
      ttlSeconds: config.accessTokenTtlSeconds,
    }),
    clock,
    defer,
    log,
    // Set by Cloudflare's edge (and by wrangler dev) and not forgeable by the client.
    peerAddress: (c: Context) => c.req.header('cf-connecting-ip'),
  }

  return {
    deps,
    finish() {
      // Deferred mail attempts still query the database after the response has gone.
      ctx.waitUntil(
        (async () => {
          await settled()
          await client.end({ timeout: 5 })
        })(),
      )
    },
  }
}

function memoryStores(config: Config, log: Log): IsolateStores {
  let stores = isolateStores.get(config)
  if (!stores) {
    stores = {
      sessions: createMemorySessionStore(clock),
      limiter: createMemoryRateLimiter(clock),
      devMailbox: createDevMailbox(log, { clock }),
    }
    isolateStores.set(config, stores)
  }
  return stores
}

/** No reuse of connections: a socket on Workers belongs to the request that opened it. */
function smtpMailer(config: Config, ctx: ExecutionContext, log: Log): Mailer {
  const known = isolateSmtpHealth.get(config)
  const health = known ?? createSmtpHealth()
  const mailer = createSmtpMailer({
    ...config.smtp!,
    from: config.mailFrom,
    fromName: config.mailFromName,
    health,
  })
  if (!known) {
    isolateSmtpHealth.set(config, health)
    // An isolate has no start of its own: its first request checks STARTTLS in the background.
    ctx.waitUntil(mailer.checkAtStart(log))
  }
  return mailer
}
