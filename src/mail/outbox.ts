// Mail delivery through the outbox: one attempt right away, then retries with backoff until 24 h.
import type { Deps } from '../deps'
import type { OutboxMail } from '../ports'
import { composeMail } from './messages'

/** About 1 min, 5 min, 30 min, 2 h, then every 6 h, each with ±20 % jitter. */
const BACKOFF_SECONDS = [60, 300, 1800, 7200, 21600]
const GIVE_UP_AFTER_MS = 24 * 3600 * 1000
/** Longer than any send may take, so a live attempt is never claimed twice. */
const LEASE_MS = 120_000

export function nextAttemptDelayMs(attempts: number, random = Math.random()): number {
  const base =
    BACKOFF_SECONDS[Math.min(attempts, BACKOFF_SECONDS.length) - 1] ?? BACKOFF_SECONDS[0]!
  return Math.round(base * 1000 * (0.8 + 0.4 * random))
}

/** Claims one mail and tries it once; true when the mail server accepted it. Never throws. */
export async function deliverMail(deps: Deps, mailId: number): Promise<boolean> {
  try {
    const now = deps.clock.now()
    const mail = await deps.db.claimMail(mailId, now, new Date(now.getTime() + LEASE_MS))
    return mail ? await attempt(deps, mail) : false
  } catch (error) {
    deps.log.error('mail.claim_failed', { mailId, error: describe(error) })
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
    const mails = await deps.db.claimDueMails(now, new Date(now.getTime() + LEASE_MS), batch)
    const results = await Promise.all(mails.map((mail) => attempt(deps, mail)))
    for (const ok of results) ok ? sent++ : failed++
    if (mails.length < batch) return { sent, failed }
  }
}

async function attempt(deps: Deps, mail: OutboxMail): Promise<boolean> {
  try {
    const message = await composeMail(deps, mail)
    await deps.mailer.send(message)
    await deps.db.markMailSent(mail.id, deps.clock.now())
    deps.log.info('mail.sent', {
      mailId: mail.id,
      kind: mail.kind,
      userId: mail.userId,
      attempts: mail.attempts,
    })
    return true
  } catch (error) {
    await recordFailure(deps, mail, describe(error)).catch((e) =>
      deps.log.error('mail.record_failed', { mailId: mail.id, error: describe(e) }),
    )
    return false
  }
}

async function recordFailure(deps: Deps, mail: OutboxMail, error: string) {
  const now = deps.clock.now().getTime()
  const next = now + nextAttemptDelayMs(mail.attempts)
  if (next - mail.createdAt.getTime() > GIVE_UP_AFTER_MS) {
    await deps.db.markMailFailed(mail.id, error)
    deps.log.error('mail.failed', {
      mailId: mail.id,
      kind: mail.kind,
      userId: mail.userId,
      attempts: mail.attempts,
      error,
    })
  } else {
    await deps.db.markMailRetry(mail.id, new Date(next), error)
    deps.log.warn('mail.retry', {
      mailId: mail.id,
      kind: mail.kind,
      attempts: mail.attempts,
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
 * Drains now (mails a previous run left pending) and then every `intervalSeconds`, never two
 * drains of this process at once. Returns a stop function. Used by the long-running servers;
 * Workers drain from the cron trigger instead.
 */
export function startOutboxDrainer(deps: Deps, intervalSeconds: number): () => void {
  let draining = false
  const drain = async () => {
    if (draining) return
    draining = true
    try {
      const { sent, failed } = await drainOutbox(deps)
      if (sent + failed > 0) deps.log.info('outbox.drained', { sent, failed })
    } catch (error) {
      deps.log.warn('outbox.drain_failed', { error: describe(error) })
    } finally {
      draining = false
    }
  }
  void drain()
  const timer = setInterval(drain, intervalSeconds * 1000)
  return () => clearInterval(timer)
}
