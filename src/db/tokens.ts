// Queries on link tokens: each is consumed by one conditional UPDATE, so of many concurrent uses exactly one wins.
import { and, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm'
import type { Db } from '../ports'
import type { Database } from './database'
import { insertMail } from './outbox'
import { emailVerificationTokens, mailOutbox, passwordResetTokens, users } from './schema'
import { userColumns } from './users'

type TokenQueries = Pick<
  Db,
  'saveLinkToken' | 'consumeVerificationToken' | 'findUserByResetToken' | 'resetPassword'
>

export function tokenQueries(db: Database): TokenQueries {
  return {
    async saveLinkToken({ kind, userId, tokenHash, mailId, expiresAt, now }) {
      const table = kind === 'verify_email' ? emailVerificationTokens : passwordResetTokens
      // A retried mail carries a fresh link; the link of its failed attempt stops working. One
      // statement does both atomically, without a transaction's extra round trips.
      await db.execute(sql`
        with failed as (delete from ${table} where outbox_id = ${mailId} and used_at is null)
        insert into ${table} (user_id, token_hash, outbox_id, expires_at, created_at)
        values (${userId}, ${tokenHash}, ${mailId}, ${expiresAt.toISOString()}, ${now.toISOString()})`)
    },
    consumeVerificationToken(tokenHash, now) {
      const t = emailVerificationTokens
      return db.transaction(async (tx) => {
        const [used] = await tx
          .update(t)
          .set({ usedAt: now })
          .where(and(eq(t.tokenHash, tokenHash), isNull(t.usedAt), gt(t.expiresAt, now)))
          .returning({ userId: t.userId })
        if (used) {
          await tx
            .update(users)
            .set({ isVerified: true, updatedAt: now })
            .where(eq(users.id, used.userId))
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
      return db.transaction(async (tx) => {
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
          .returning(userColumns)
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
        const mailId = await insertMail(tx, { kind: 'password_changed', user: user!, now })
        return { user: user!, mailId }
      })
    },
  }
}
