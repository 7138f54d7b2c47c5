// The lifecycle events a product hears through its webhook: one typed record per kind of change.
// A flow announces its change from inside the change's own transaction (src/db/outbox.ts):
//   return events.transaction(async (tx, emit) => {
//     ...the change...
//     await emit({ type: 'user.deactivated', user: { id, email } }, now)
//   })
// The row exists exactly when the change does; its first attempt starts after the commit.
import type { UserId } from '../ports'

export const EVENT_TYPES = [
  'user.created',
  'user.verified',
  'user.password_changed',
  'user.password_reset',
  'user.email_changed',
  'user.sessions_revoked',
  'user.deactivated',
  'user.reactivated',
  'user.deleted',
] as const

export type EventType = (typeof EVENT_TYPES)[number]

/** The user as the event names them: their id and their address at the time of the change. */
export interface EventUser {
  id: UserId
  email: string
}

/** What a flow hands to `emit` inside the transaction of its change. */
export type UserEvent =
  | { type: Exclude<EventType, 'user.email_changed'>; user: EventUser }
  | { type: 'user.email_changed'; user: EventUser; oldEmail: string }

/** The `data` of the webhook body, as the outbox row stores it (snake_case: the wire format). */
export interface EventData {
  user_id: UserId
  email: string
  old_email?: string
}

export function eventData(event: UserEvent): EventData {
  const data: EventData = { user_id: event.user.id, email: event.user.email }
  if (event.type === 'user.email_changed') data.old_email = event.oldEmail
  return data
}

/** The Standard Webhooks message id: random, so a rebuilt database never repeats an earlier one. */
export function newWebhookId(): string {
  return `msg_${crypto.randomUUID().replaceAll('-', '')}`
}
