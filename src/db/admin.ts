// Queries only the operator's command line makes: listings and the verify-by-hand change.
import { and, desc, eq, ilike, inArray, type SQL } from 'drizzle-orm'
import type { User, UserId } from '../ports'
import type { Database } from './database'
import type { EventWriter } from './outbox'
import { mailOutbox, users } from './schema'
import { userColumns } from './users'

export interface UserRow {
  id: number
  email: string
  verified: boolean
  active: boolean
  created: Date
  /** The last successful log-in; null before the first (or before it was recorded). */
  lastLogin: Date | null
}

/** An outbox mail as the operator sees it: never a token or a link (the row holds neither). */
export interface MailRow {
  id: number
  kind: string
  to: string | null
  state: string
  attempts: number
  lastError: string | null
  created: Date
  nextAttempt: Date
  sent: Date | null
}

const userRow = {
  id: users.id,
  email: users.email,
  verified: users.isVerified,
  active: users.isActive,
  created: users.createdAt,
  lastLogin: users.lastLoginAt,
}

const mailRow = {
  id: mailOutbox.id,
  kind: mailOutbox.kind,
  to: mailOutbox.address,
  state: mailOutbox.status,
  attempts: mailOutbox.attempts,
  lastError: mailOutbox.lastError,
  created: mailOutbox.createdAt,
  nextAttempt: mailOutbox.nextAttemptAt,
  sent: mailOutbox.sentAt,
}

export function adminQueries(db: Database, events: EventWriter) {
  return {
    listUsers(filter: {
      unverified?: boolean
      deactivated?: boolean
      search?: string
      limit: number
    }): Promise<UserRow[]> {
      const where: SQL[] = []
      if (filter.unverified) where.push(eq(users.isVerified, false))
      if (filter.deactivated) where.push(eq(users.isActive, false))
      if (filter.search)
        where.push(ilike(users.email, `%${filter.search.replace(/[%_\\]/g, '\\$&')}%`))
      return db
        .select(userRow)
        .from(users)
        .where(and(...where))
        .orderBy(desc(users.id))
        .limit(filter.limit)
    },
    async userRow(id: UserId): Promise<UserRow | null> {
      const [row] = await db.select(userRow).from(users).where(eq(users.id, id))
      return row ?? null
    },
    listMail(filter: {
      pending?: boolean
      failed?: boolean
      to?: string
      userId?: UserId
      limit: number
    }): Promise<MailRow[]> {
      const where: SQL[] = [eq(mailOutbox.channel, 'mail')]
      const states: ('pending' | 'sending' | 'failed')[] = []
      if (filter.pending) states.push('pending', 'sending')
      if (filter.failed) states.push('failed')
      if (states.length) where.push(inArray(mailOutbox.status, states))
      if (filter.to) where.push(eq(mailOutbox.address, filter.to))
      if (filter.userId !== undefined) where.push(eq(mailOutbox.userId, filter.userId))
      return db
        .select(mailRow)
        .from(mailOutbox)
        .where(and(...where))
        .orderBy(desc(mailOutbox.id))
        .limit(filter.limit)
    },
    /** Puts failed or pending mail back to be sent now; returns the ids it moved. */
    async requeueMail(target: { id: number } | { failed: true }, now: Date): Promise<number[]> {
      const which =
        'id' in target
          ? and(eq(mailOutbox.id, target.id), inArray(mailOutbox.status, ['pending', 'failed']))
          : eq(mailOutbox.status, 'failed')
      const rows = await db
        .update(mailOutbox)
        .set({ status: 'pending', nextAttemptAt: now, lockedUntil: null })
        .where(and(eq(mailOutbox.channel, 'mail'), which))
        .returning({ id: mailOutbox.id })
      return rows.map((r) => r.id)
    },
    /** Marks the email verified; `changed` false when it already was. */
    markVerified(id: UserId, now: Date): Promise<{ user: User; changed: boolean } | null> {
      return events.transaction(async (tx, emit) => {
        const [user] = await tx
          .update(users)
          .set({ isVerified: true, updatedAt: now })
          .where(and(eq(users.id, id), eq(users.isVerified, false)))
          .returning(userColumns)
        if (user) {
          await emit({ type: 'user.verified', user }, now)
          return { user, changed: true }
        }
        const [existing] = await tx.select(userColumns).from(users).where(eq(users.id, id))
        return existing ? { user: existing, changed: false } : null
      })
    },
  }
}
