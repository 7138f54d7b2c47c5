// Queries on the mail outbox: enqueue in the caller's transaction, claim with SKIP LOCKED, record outcomes.
import { and, asc, count, eq, inArray, lt, lte, min, or, sql } from 'drizzle-orm'
import type { Db, MailKind, OutboxMail, User } from '../ports'
import type { Database, Tx } from './database'
import { mailOutbox, passwordResetTokens } from './schema'

const mailColumns = {
  id: mailOutbox.id,
  kind: mailOutbox.kind,
  userId: mailOutbox.userId,
  address: mailOutbox.address,
  attempts: mailOutbox.attempts,
  createdAt: mailOutbox.createdAt,
}

export async function insertMail(
  tx: Tx | Database,
  input: { kind: MailKind; user: Pick<User, 'id' | 'email'>; now: Date },
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
      address: input.user.email,
      nextAttemptAt: input.now,
      createdAt: input.now,
    })
    .returning({ id: mailOutbox.id })
  return row!.id
}

/** A timestamp parameter of a prepared query, given as an ISO string (drizzle encodes no placeholder in a WHERE). */
const at = (name: string) => sql`${sql.placeholder(name)}`

type OutboxQueries = Pick<
  Db,
  | 'enqueueMail'
  | 'claimMail'
  | 'claimDueMails'
  | 'markMailSent'
  | 'markMailRetry'
  | 'markMailFailed'
  | 'outboxBacklog'
>

export function outboxQueries(db: Database): OutboxQueries {
  // Built once: each mail's first attempt runs these, and building a query costs more than running it.
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
    .returning(mailColumns)
    .prepare('claim_mail')
  const markSent = db
    .update(mailOutbox)
    .set({ status: 'sent', sentAt: at('now'), lockedUntil: null, lastError: null })
    .where(eq(mailOutbox.id, sql.placeholder('id')))
    .prepare('mark_mail_sent')
  const claim = (where: ReturnType<typeof and>, leaseUntil: Date) =>
    db
      .update(mailOutbox)
      .set({
        status: 'sending',
        lockedUntil: leaseUntil,
        attempts: sql`${mailOutbox.attempts} + 1`,
      })
      .where(where)
      .returning(mailColumns) as Promise<OutboxMail[]>

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
    async claimMail(id, now, leaseUntil) {
      const [mail] = (await claimOne.execute({
        id,
        now: now.toISOString(),
        leaseUntil: leaseUntil.toISOString(),
      })) as OutboxMail[]
      return mail ?? null
    },
    claimDueMails(now, leaseUntil, limit) {
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
    async markMailSent(id, now) {
      await markSent.execute({ id, now: now.toISOString() })
    },
    async markMailRetry(id, nextAttemptAt, error) {
      await db
        .update(mailOutbox)
        .set({ status: 'pending', nextAttemptAt, lockedUntil: null, lastError: error })
        .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'sending')))
    },
    async markMailFailed(id, error) {
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
