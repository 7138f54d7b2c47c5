// Outbox delivery, mails and webhooks alike: one attempt right away, then retries with backoff
// until 24 h. At least once: a row is marked sent after the mail server or the receiver took it.
import type { Deps } from '../deps'
import { composeWebhook } from '../events/webhook-message'
import type { LogFields, MailMessage, OutboxItem, OutboxMail } from '../ports'
import { composeLinkMail, composeMail, type LinkMailKind } from './messages'

/** About 1 min, 5 min, 30 min, 2 h, then every 6 h, each with ±20 % jitter. */
const BACKOFF_SECONDS = [60, 300, 1800, 7200, 21600]
const GIVE_UP_AFTER_MS = 24 * 3600 * 1000
/**
 * Longer than any send may take (SMTP, webhook timeouts): a live attempt is never claimed twice.
 */
const LEASE_MS = 120_000

/** The lease of an attempt starting now. */
export const leaseFrom = (now: Date) => new Date(now.getTime() + LEASE_MS)

export function nextAttemptDelayMs(attempts: number, random = Math.random()): number {
  const base =
    BACKOFF_SECONDS[Math.min(attempts, BACKOFF_SECONDS.length) - 1] ?? BACKOFF_SECONDS[0]!
  return Math.round(base * 1000 * (0.8 + 0.4 * random))
}

/** Claims one mail and tries it once; true when the mail server accepted it. Never throws. */
export function deliverMail(deps: Deps, mailId: number): Promise<boolean> {
  return deliverOne(deps, mailId)
}

/**
 * The first attempt of a mail that was written already claimed (status sending, its lease
 * and its link token in the same statement as the row: the sign-up's), so it skips the claim
 * and the write of its token and code. True when the mail server accepted it. Never throws: a
 * failure is recorded for a retry like any other attempt's.
 */
export async function deliverClaimedMail(
  deps: Deps,
  mail: OutboxMail & { kind: LinkMailKind },
  token: string,
  code: string,
): Promise<boolean> {
  return attempt(deps, mail, () => composeLinkMail(deps, mail, token, code))
}

/**
 * The first attempt of events whose transaction has just committed, as deferred work: the
 * answer never waits for the receiver, whose slowness the webhook timeout bounds. One after
 * the other, so the events of one change arrive in order when nothing fails (retries do not
 * keep an order: receivers go by the body's timestamp).
 */
export function deliverEvents(deps: Deps, outboxIds: number[]): void {
  deps.defer(
    (async () => {
      for (const id of outboxIds) await deliverOne(deps, id)
    })(),
  )
}

async function deliverOne(deps: Deps, id: number): Promise<boolean> {
  try {
    const now = deps.clock.now()
    const item = await deps.db.claimOutbox(id, now, leaseFrom(now))
    return item ? await attempt(deps, item) : false
  } catch (error) {
    deps.log.error('outbox.claim_failed', { outboxId: id, error: describe(error) })
    return false
  }
}

/** Sends what is due, a batch at a time; safe to run from several instances at once. */
export async function drainOutbox(
  deps: Deps,
  batch = 20,
): Promise<{ sent: number; failed: number }> {
  let sent = 0
  let failed = 0
  for (;;) {
    const now = deps.clock.now()
    const items = await deps.db.claimDueOutbox(now, leaseFrom(now), batch)
    const results = await Promise.all(items.map((item) => attempt(deps, item)))
    for (const ok of results) ok ? sent++ : failed++
    if (items.length < batch) return { sent, failed }
  }
}

/** Hands one row to the mail server or the receiver; throws when it was not accepted. */
async function send(
  deps: Deps,
  item: OutboxItem,
  compose?: () => Promise<MailMessage | null>,
): Promise<'sent' | 'undeliverable'> {
  if (item.channel === 'webhook') {
    // Kept for retries rather than dropped: setting WEBHOOK_URL again within 24 h delivers them.
    if (!deps.webhooks) throw new Error('WEBHOOK_URL is not set')
    await deps.webhooks.send(composeWebhook(item, deps.clock.now()))
    return 'sent'
  }
  const message = await (compose ? compose() : composeMail(deps, item))
  if (!message) return 'undeliverable'
  await deps.mailer.send(message)
  return 'sent'
}

/** What names a row in the log: `mail.*` or `webhook.*` events, never an address or a body. */
function described(item: OutboxItem): { event(outcome: string): string; fields: LogFields } {
  const fields: LogFields =
    item.channel === 'mail'
      ? { mailId: item.id, kind: item.kind, userId: item.userId, attempts: item.attempts }
      : {
          outboxId: item.id,
          type: item.type,
          webhookId: item.webhookId,
          userId: item.data.user_id,
          attempts: item.attempts,
        }
  return { event: (outcome) => `${item.channel}.${outcome}`, fields }
}

/** `compose` replaces composeMail for a mail whose link token is stored already. */
async function attempt(
  deps: Deps,
  item: OutboxItem,
  compose?: () => Promise<MailMessage | null>,
): Promise<boolean> {
  const { event, fields } = described(item)
  try {
    if ((await send(deps, item, compose)) === 'undeliverable') {
      await deps.db.markOutboxFailed(item.id, 'the user no longer exists')
      deps.log.warn(event('dropped'), fields)
      return false
    }
    await deps.db.markOutboxSent(item.id, deps.clock.now())
    deps.log.info(event('sent'), fields)
    return true
  } catch (error) {
    await recordFailure(deps, item, describe(error)).catch((e) =>
      deps.log.error('outbox.record_failed', { outboxId: item.id, error: describe(e) }),
    )
    return false
  }
}

async function recordFailure(deps: Deps, item: OutboxItem, error: string) {
  const { event, fields } = described(item)
  const now = deps.clock.now().getTime()
  const next = now + nextAttemptDelayMs(item.attempts)
  if (next - item.createdAt.getTime() > GIVE_UP_AFTER_MS) {
    await deps.db.markOutboxFailed(item.id, error)
    deps.log.error(event('failed'), { ...fields, error })
  } else {
    await deps.db.markOutboxRetry(item.id, new Date(next), error)
    deps.log.warn(event('retry'), {
      ...fields,
      retryInSeconds: Math.round((next - now) / 1000),
      error,
    })
  }
}

/** Error text for logs and the outbox row: the first line, bounded, never a stack. */
function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return text.split('\n')[0]!.slice(0, 300)
}

/**
 * Drains now (what a previous run left pending) and then every `intervalSeconds`, never two
 * drains of this process at once. Returns a stop function that resolves once a drain under way
 * has finished, so a shutdown can close the database after it. Used by the long-running
 * servers; Workers drain from the cron trigger instead.
 */
export function startOutboxDrainer(deps: Deps, intervalSeconds: number): () => Promise<void> {
  let current: Promise<void> | null = null
  const drain = async () => {
    try {
      const { sent, failed } = await drainOutbox(deps)
      if (sent + failed > 0) deps.log.info('outbox.drained', { sent, failed })
    } catch (error) {
      deps.log.warn('outbox.drain_failed', { error: describe(error) })
    } finally {
      current = null
    }
  }
  const tick = () => {
    current ??= drain()
  }
  tick()
  const timer = setInterval(tick, intervalSeconds * 1000)
  return async () => {
    clearInterval(timer)
    await current
  }
}
