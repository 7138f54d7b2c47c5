// Queries of the account's self-service: password and email changes, deletion, the account view.
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../ports'
import type { Database, Tx } from './database'
import { type EventWriter, insertMail } from './outbox'
import {
  emailVerificationTokens,
  mailOutbox,
  passwordResetTokens,
  pendingEmailChanges,
  users,
} from './schema'
import { userColumns } from './users'

type AccountQueries = Pick<
  Db,
  | 'findAccount'
  | 'changePassword'
  | 'requestEmailChange'
  | 'saveEmailChangeToken'
  | 'confirmEmailChange'
  | 'deleteUser'
  | 'recordSessionsRevoked'
>

/**
 * Links mailed earlier stop working: a reset or verify link must not outlive a credential
 * change.
 */
async function dropLinkTokens(tx: Tx, userId: number) {
  await tx
    .delete(passwordResetTokens)
    .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)))
  await tx
    .update(mailOutbox)
    .set({ status: 'superseded' })
    .where(
      and(
        eq(mailOutbox.userId, userId),
        eq(mailOutbox.kind, 'password_reset'),
        eq(mailOutbox.status, 'pending'),
      ),
    )
}

export function accountQueries(db: Database, events: EventWriter): AccountQueries {
  // Built once: GET /account runs it on every view, and building a query costs more CPU (and
  // garbage) than running it.
  const account = db
    .select({
      ...userColumns,
      createdAt: users.createdAt,
      pendingEmail: pendingEmailChanges.newEmail,
    })
    .from(users)
    .leftJoin(pendingEmailChanges, eq(pendingEmailChanges.userId, users.id))
    .where(eq(users.id, sql.placeholder('id')))
    .limit(1)
    .prepare('find_account')
  return {
    recordSessionsRevoked(user, now) {
      return events.transaction((_tx, emit) => emit({ type: 'user.sessions_revoked', user }, now))
    },

    async findAccount(id) {
      const [row] = await account.execute({ id })
      if (!row) return null
      const { createdAt, pendingEmail, ...user } = row
      return { user, createdAt: new Date(createdAt), pendingEmail: pendingEmail ?? null }
    },

    changePassword({ userId, expectedHash, passwordHash, now }) {
      return events.transaction(async (tx, emit) => {
        // Conditional on the hash that was verified: of two concurrent changes only one lands.
        const [user] = await tx
          .update(users)
          .set({ passwordHash, updatedAt: now })
          .where(and(eq(users.id, userId), eq(users.passwordHash, expectedHash)))
          .returning(userColumns)
        if (!user) return null
        await dropLinkTokens(tx, userId)
        await emit({ type: 'user.password_changed', user }, now)
        const mailId = await insertMail(tx, { kind: 'password_changed', user, now })
        return { user, mailId }
      })
    },

    requestEmailChange({ user, newEmail, sessionKey, expiresAt, now }) {
      return db.transaction(async (tx) => {
        const [taken] = await tx
          .select({ id: users.id })
          .from(users)
          .where(eq(users.email, newEmail))
          .limit(1)
        const values = {
          newEmail,
          tokenHash: null,
          codeHash: null,
          codeAttempts: 0,
          outboxId: null,
          sessionKey,
          expiresAt,
          createdAt: now,
        }
        await tx
          .insert(pendingEmailChanges)
          .values({ userId: user.id, ...values })
          .onConflictDoUpdate({ target: pendingEmailChanges.userId, set: values })
        const mails = [
          await insertMail(tx, { kind: 'email_change_notice', user, now, otherEmail: newEmail }),
        ]
        if (!taken) {
          const confirm = await insertMail(tx, {
            kind: 'email_change_confirm',
            user,
            now,
            to: newEmail,
            otherEmail: user.email,
          })
          await tx
            .update(pendingEmailChanges)
            .set({ outboxId: confirm })
            .where(eq(pendingEmailChanges.userId, user.id))
          mails.push(confirm)
        }
        return mails
      })
    },

    async saveEmailChangeToken({ userId, mailId, tokenHash, codeHash, expiresAt }) {
      const p = pendingEmailChanges
      // A retried mail carries a fresh link and code; the earlier attempt's stop working.
      const saved = await db
        .update(p)
        .set({ tokenHash, codeHash, codeAttempts: 0, expiresAt })
        .where(and(eq(p.userId, userId), eq(p.outboxId, mailId)))
        .returning({ userId: p.userId })
      return saved.length > 0
    },

    async confirmEmailChange(tokenHash, now) {
      const p = pendingEmailChanges
      try {
        return await events.transaction(async (tx, emit) => {
          // One DELETE consumes the token: of concurrent confirmations exactly one gets the row.
          const [pending] = await tx
            .delete(p)
            .where(and(eq(p.tokenHash, tokenHash), gt(p.expiresAt, now)))
            .returning({ userId: p.userId, newEmail: p.newEmail, sessionKey: p.sessionKey })
          if (!pending) return null
          const [old] = await tx
            .select({ email: users.email })
            .from(users)
            .where(eq(users.id, pending.userId))
            .for('update')
          if (!old) return null
          const [user] = await tx
            .update(users)
            .set({ email: pending.newEmail, isVerified: true, updatedAt: now })
            .where(
              and(
                eq(users.id, pending.userId),
                sql`not exists (select 1 from ${users} u where u.email = ${pending.newEmail})`,
              ),
            )
            .returning(userColumns)
          if (!user) return null
          // Links mailed to the old address must not reach the account any more.
          await dropLinkTokens(tx, user.id)
          await tx
            .delete(emailVerificationTokens)
            .where(
              and(
                eq(emailVerificationTokens.userId, user.id),
                isNull(emailVerificationTokens.usedAt),
              ),
            )
          await emit({ type: 'user.email_changed', user, oldEmail: old.email }, now)
          const mailId = await insertMail(tx, {
            kind: 'email_changed',
            user,
            now,
            to: old.email,
            otherEmail: user.email,
          })
          return { user, oldEmail: old.email, sessionKey: pending.sessionKey, mailId }
        })
      } catch (error) {
        // The new address was registered between the check and the update: the change is void.
        if (isUniqueViolation(error)) return null
        throw error
      }
    },

    deleteUser(id, now) {
      return events.transaction(async (tx, emit) => {
        const [user] = await tx
          .select(userColumns)
          .from(users)
          .where(eq(users.id, id))
          .for('update')
        if (!user) return null
        // Unsent mail of the account goes with it (links to an account that no longer exists).
        await tx
          .delete(mailOutbox)
          .where(
            and(
              eq(mailOutbox.userId, id),
              eq(mailOutbox.channel, 'mail'),
              inArray(mailOutbox.status, ['pending', 'failed']),
            ),
          )
        // Written before the user's delete: its user_id becomes null with it, the row stays.
        const mailId = await insertMail(tx, { kind: 'account_deleted', user, now })
        await emit({ type: 'user.deleted', user }, now)
        // Tokens and the pending change go by ON DELETE CASCADE.
        await tx.delete(users).where(eq(users.id, id))
        return { user, mailId }
      })
    },
  }
}

function isUniqueViolation(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++)
    if ((e as { code?: unknown }).code === '23505') return true
  return false
}
