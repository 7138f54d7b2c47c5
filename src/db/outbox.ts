// Queries on the outbox (mails and lifecycle events): write in the caller's transaction, claim
// with SKIP LOCKED, record outcomes.
import { and, asc, count, eq, inArray, lt, lte, min, or, sql } from 'drizzle-orm'
import {
  type EventData,
  type EventType,
  eventData,
  newWebhookId,
  type UserEvent,
} from '../events/events'
import type { Db, MailKind, OutboxItem, User } from '../ports'
import type { Database, Tx } from './database'
import { mailOutbox, passwordResetTokens } from './schema'

const itemColumns = {
  id: mailOutbox.id,
  channel: mailOutbox.channel,
  kind: mailOutbox.kind,
  userId: mailOutbox.userId,
  address: mailOutbox.address,
  language: mailOutbox.language,
  payload: mailOutbox.payload,
  messageId: mailOutbox.messageId,
  attempts: mailOutbox.attempts,
  createdAt: mailOutbox.createdAt,
}

type ItemRow = {
  [K in keyof typeof itemColumns]: (typeof itemColumns)[K]['_']['data'] | null
}

/** A claimed row as the drainer sees it; the table's check constraint guarantees the fields. */
function toItem(row: ItemRow): OutboxItem {
  const common = { id: row.id!, attempts: row.attempts!, createdAt: new Date(row.createdAt!) }
  return row.channel === 'webhook'
    ? {
        channel: 'webhook',
        ...common,
        type: row.kind as EventType,
        webhookId: row.messageId!,
        data: row.payload as EventData,
      }
    : {
        channel: 'mail',
        ...common,
        kind: row.kind as MailKind,
        userId: row.userId,
        address: row.address!,
        language: row.language!,
        ...(row.payload && 'other_email' in row.payload
          ? { otherEmail: row.payload.other_email }
          : {}),
      }
}

export async function insertMail(
  tx: Tx | Database,
  input: {
    kind: MailKind
    user: Pick<User, 'id' | 'email' | 'language'>
    now: Date
    /** The recipient when it is not the user's address (the new one of an email change). */
    to?: string
    otherEmail?: string
  },
) {
  // A newer mail of the same kind makes an older unsent one pointless (and its link stale).
  await tx
    .update(mailOutbox)
    .set({ status: 'superseded' })
    .where(
      and(
        eq(mailOutbox.userId, input.user.id),
        eq(mailOutbox.kind, input.kind),
        eq(mailOutbox.status, 'pending'),
      ),
    )
  const [row] = await tx
    .insert(mailOutbox)
    .values({
      kind: input.kind,
      userId: input.user.id,
      address: input.to ?? input.user.email,
      language: input.user.language,
      payload: input.otherEmail === undefined ? null : { other_email: input.otherEmail },
      nextAttemptAt: input.now,
      createdAt: input.now,
    })
    .returning({ id: mailOutbox.id })
  return row!.id
}

/** How the queries treat lifecycle events; `createDb` gets it from the runtime's deps. */
export interface EventOptions {
  /** False without WEBHOOK_URL: then no event row is ever written. */
  enabled: boolean
  /** Hears the outbox ids of events once the transaction that wrote them has committed. */
  committed(outboxIds: number[]): void
}

export const NO_EVENTS: EventOptions = { enabled: false, committed: () => {} }

/** Writes an event into the transaction `emit` belongs to (nothing without WEBHOOK_URL). */
export type Emit = (event: UserEvent, now: Date) => Promise<void>

export interface EventWriter {
  readonly options: EventOptions
  /**
   * `db.transaction` with an `emit` for the change's events: they are written in the same
   * transaction, so they exist exactly when the change does, and their first attempt starts
   * once it has committed (after the answer: it is deferred work).
   */
  transaction<T>(work: (tx: Tx, emit: Emit) => Promise<T>): Promise<T>
}

export function eventWriter(db: Database, options: EventOptions): EventWriter {
  return {
    options,
    async transaction(work) {
      const written: number[] = []
      const result = await db.transaction((tx) =>
        work(tx, async (event, now) => {
          if (options.enabled) written.push(await insertEvent(tx, event, now))
        }),
      )
      if (written.length > 0) options.committed(written)
      return result
    },
  }
}

/** One event row; use `emit` from `EventWriter.transaction` rather than this directly. */
export async function insertEvent(tx: Tx | Database, event: UserEvent, now: Date) {
  const [row] = await tx
    .insert(mailOutbox)
    .values({
      channel: 'webhook',
      kind: event.type,
      // A deletion's event is written around the user's delete, which a reference would stop.
      userId: event.type === 'user.deleted' ? null : event.user.id,
      payload: eventData(event),
      messageId: newWebhookId(),
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning({ id: mailOutbox.id })
  return row!.id
}

/**
 * A timestamp parameter of a prepared query, given as an ISO string (drizzle encodes no placeholder
 * in a WHERE).
 */
const at = (name: string) => sql`${sql.placeholder(name)}`

type OutboxQueries = Pick<
  Db,
  | 'enqueueMail'
  | 'claimOutbox'
  | 'claimDueOutbox'
  | 'markOutboxSent'
  | 'markOutboxRetry'
  | 'markOutboxFailed'
  | 'outboxBacklog'
>

export function outboxQueries(db: Database): OutboxQueries {
  // Built once: each mail's first attempt runs these, and building a query costs more than running
  // it.
  const claimOne = db
    .update(mailOutbox)
    .set({
      status: 'sending',
      lockedUntil: at('leaseUntil'),
      attempts: sql`${mailOutbox.attempts} + 1`,
    })
    .where(
      and(
        eq(mailOutbox.id, sql.placeholder('id')),
        eq(mailOutbox.status, 'pending'),
        lte(mailOutbox.nextAttemptAt, at('now')),
      ),
    )
    .returning(itemColumns)
    .prepare('claim_outbox')
  const markSent = db
    .update(mailOutbox)
    .set({ status: 'sent', sentAt: at('now'), lockedUntil: null, lastError: null })
    .where(eq(mailOutbox.id, sql.placeholder('id')))
    .prepare('mark_outbox_sent')
  const claim = async (where: ReturnType<typeof and>, leaseUntil: Date) => {
    const rows = await db
      .update(mailOutbox)
      .set({
        status: 'sending',
        lockedUntil: leaseUntil,
        attempts: sql`${mailOutbox.attempts} + 1`,
      })
      .where(where)
      .returning(itemColumns)
    return rows.map(toItem)
  }

  return {
    enqueueMail(input) {
      return db.transaction(async (tx) => {
        if (input.kind === 'password_reset') {
          // A new reset request invalidates every older unused reset link of the user.
          await tx
            .delete(passwordResetTokens)
            .where(
              and(
                eq(passwordResetTokens.userId, input.user.id),
                sql`${passwordResetTokens.usedAt} is null`,
              ),
            )
        }
        return insertMail(tx, input)
      })
    },
    async claimOutbox(id, now, leaseUntil) {
      const [row] = (await claimOne.execute({
        id,
        now: now.toISOString(),
        leaseUntil: leaseUntil.toISOString(),
      })) as ItemRow[]
      return row ? toItem(row) : null
    },
    claimDueOutbox(now, leaseUntil, limit) {
      // SKIP LOCKED lets several instances drain at once without taking the same row;
      // the lease (locked_until) returns a row whose sender died mid-attempt.
      const due = db
        .select({ id: mailOutbox.id })
        .from(mailOutbox)
        .where(
          or(
            and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, now)),
            and(eq(mailOutbox.status, 'sending'), lt(mailOutbox.lockedUntil, now)),
          ),
        )
        .orderBy(asc(mailOutbox.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true })
      return claim(inArray(mailOutbox.id, due), leaseUntil)
    },
    async markOutboxSent(id, now) {
      await markSent.execute({ id, now: now.toISOString() })
    },
    async markOutboxRetry(id, nextAttemptAt, error) {
      await db
        .update(mailOutbox)
        .set({ status: 'pending', nextAttemptAt, lockedUntil: null, lastError: error })
        .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'sending')))
    },
    async markOutboxFailed(id, error) {
      await db
        .update(mailOutbox)
        .set({ status: 'failed', lockedUntil: null, lastError: error })
        .where(eq(mailOutbox.id, id))
    },
    async outboxBacklog(now) {
      const [row] = await db
        .select({ pending: count(), oldest: min(mailOutbox.createdAt) })
        .from(mailOutbox)
        .where(inArray(mailOutbox.status, ['pending', 'sending']))
      const oldest = row?.oldest ? new Date(row.oldest) : null
      return {
        pending: Number(row?.pending ?? 0),
        oldestPendingSeconds: oldest
          ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000))
          : null,
      }
    },
  }
}
