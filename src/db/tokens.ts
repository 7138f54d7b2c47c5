// Queries on link tokens: each is consumed by one conditional UPDATE, so of many concurrent uses
// exactly one wins. A link's one-time code lives in its row: the same UPDATE uses up both.
import { and, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm'
import type { Db } from '../ports'
import type { Database } from './database'
import { type EventWriter, insertMail } from './outbox'
import { emailVerificationTokens, mailOutbox, passwordResetTokens, users } from './schema'
import { userColumns } from './users'

type TokenQueries = Pick<
  Db,
  'saveLinkToken' | 'consumeVerificationToken' | 'findUserByResetToken' | 'resetPassword'
>

export function tokenQueries(db: Database, events: EventWriter): TokenQueries {
  return {
    async saveLinkToken({ kind, userId, tokenHash, codeHash, mailId, expiresAt, now }) {
      const table = kind === 'verify_email' ? emailVerificationTokens : passwordResetTokens
      // A retried mail carries a fresh link; the link of its failed attempt stops working. One
      // statement does both atomically, without a transaction's extra round trips.
      await db.execute(sql`
        with failed as (delete from ${table} where outbox_id = ${mailId} and used_at is null)
        insert into ${table} (user_id, token_hash, code_hash, outbox_id, expires_at, created_at)
        values (${userId}, ${tokenHash}, ${codeHash}, ${mailId}, ${expiresAt.toISOString()},
          ${now.toISOString()})`)
    },
    consumeVerificationToken(tokenHash, now) {
      const t = emailVerificationTokens
      return events.transaction(async (tx, emit) => {
        const [used] = await tx
          .update(t)
          .set({ usedAt: now })
          .where(and(eq(t.tokenHash, tokenHash), isNull(t.usedAt), gt(t.expiresAt, now)))
          .returning({ userId: t.userId })
        if (used) {
          const [user] = await tx
            .update(users)
            .set({ isVerified: true, updatedAt: now })
            .where(eq(users.id, used.userId))
            .returning({ id: users.id, email: users.email, wasVerified: wasVerified(used.userId) })
          // A reset may have verified the address already: the event marks the change only.
          if (user && !user.wasVerified) await emit({ type: 'user.verified', user }, now)
          return 'verified' as const
        }
        const [spent] = await tx
          .select({ id: t.id })
          .from(t)
          .where(and(eq(t.tokenHash, tokenHash), isNotNull(t.usedAt), gt(t.expiresAt, now)))
          .limit(1)
        return spent ? ('already_verified' as const) : ('invalid' as const)
      })
    },
    async findUserByResetToken(tokenHash, now) {
      const t = passwordResetTokens
      const [user] = await db
        .select(userColumns)
        .from(t)
        .innerJoin(users, eq(users.id, t.userId))
        .where(and(eq(t.tokenHash, tokenHash), isNull(t.usedAt), gt(t.expiresAt, now)))
        .limit(1)
      return user ?? null
    },
    resetPassword({ tokenHash, passwordHash, now }) {
      const t = passwordResetTokens
      return events.transaction(async (tx, emit) => {
        const [used] = await tx
          .update(t)
          .set({ usedAt: now })
          .where(and(eq(t.tokenHash, tokenHash), isNull(t.usedAt), gt(t.expiresAt, now)))
          .returning({ userId: t.userId })
        if (!used) return null
        // The reset proves the mailbox, so the email counts as verified from here on.
        const [user] = await tx
          .update(users)
          .set({ passwordHash, isVerified: true, updatedAt: now })
          .where(eq(users.id, used.userId))
          .returning({ ...userColumns, wasVerified: wasVerified(used.userId) })
        if (!user!.wasVerified) await emit({ type: 'user.verified', user: user! }, now)
        await emit({ type: 'user.password_reset', user: user! }, now)
        await tx.delete(t).where(and(eq(t.userId, used.userId), isNull(t.usedAt)))
        await tx
          .update(mailOutbox)
          .set({ status: 'superseded' })
          .where(
            and(
              eq(mailOutbox.userId, used.userId),
              eq(mailOutbox.kind, 'password_reset'),
              eq(mailOutbox.status, 'pending'),
            ),
          )
        const { wasVerified: _, ...changed } = user!
        const mailId = await insertMail(tx, { kind: 'password_changed', user: changed, now })
        return { user: changed, mailId }
      })
    },
  }
}

/**
 * The user's is_verified before the UPDATE that returns it: a subquery in RETURNING reads the
 * statement's snapshot, which does not hold the statement's own change. Two racing changes
 * (a verification and a reset) can both see false: then user.verified is said twice, never lost.
 */
function wasVerified(userId: number) {
  return sql<boolean>`(select ${users.isVerified} from ${users} where ${users.id} = ${userId})`
}
