// Composes the webhook of an outbox event: the contract's body, and the id every attempt repeats.
import type { OutboxEvent, WebhookMessage } from '../ports'

/** `{"type", "timestamp", "data": {"user_id", "email", ...}}`, timestamped with the change. */
export function composeWebhook(event: OutboxEvent, now: Date): WebhookMessage {
  // jsonb keeps keys in its own order; the body names the user first, as the contract does.
  const { user_id, email, ...rest } = event.data
  const body = {
    type: event.type,
    timestamp: isoSeconds(event.createdAt),
    data: { user_id, email, ...rest },
  }
  return { id: event.webhookId, timestamp: now, body: JSON.stringify(body) }
}

/** ISO 8601 UTC to the second, as every time of the contract ("2026-12-02T19:32:12Z"). */
export function isoSeconds(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`
}
