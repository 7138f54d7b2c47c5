// Queries on users: lookup, registration and (de)activation.
import { eq, sql } from 'drizzle-orm'
import { newWebhookId } from '../events/events'
import type { Lang } from '../i18n/languages'
import type { Db, User } from '../ports'
import type { Database } from './database'
import type { EventWriter } from './outbox'
import { emailVerificationTokens, mailOutbox, users } from './schema'

export const userColumns = {
  id: users.id,
  email: users.email,
  passwordHash: users.passwordHash,
  isActive: users.isActive,
  isVerified: users.isVerified,
  language: users.language,
}

type UserQueries = Pick<
  Db,
  | 'ping'
  | 'findUserByEmail'
  | 'findUserById'
  | 'setUserActive'
  | 'setUserLanguage'
  | 'createUser'
  | 'recordLogin'
>

export function userQueries(db: Database, events: EventWriter): UserQueries {
  const byEmail = db
    .select(userColumns)
    .from(users)
    .where(eq(users.email, sql.placeholder('email')))
    .limit(1)
    .prepare('find_user_by_email')
  const byId = db
    .select(userColumns)
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .limit(1)
    .prepare('find_user_by_id')
  const loggedIn = db
    .update(users)
    .set({ lastLoginAt: sql`${sql.placeholder('at')}::timestamptz` })
    .where(eq(users.id, sql.placeholder('id')))
    .prepare('record_login')
  return {
    async ping() {
      await db.execute(sql`select 1`)
    },
    async findUserByEmail(email) {
      const [user] = await byEmail.execute({ email })
      return user ?? null
    },
    async findUserById(id) {
      const [user] = await byId.execute({ id })
      return user ?? null
    },
    setUserActive(id, active, now) {
      return events.transaction(async (tx, emit) => {
        const [user] = await tx
          .update(users)
          .set({ isActive: active, updatedAt: now })
          .where(eq(users.id, id))
          .returning(userColumns)
        if (user) await emit({ type: active ? 'user.reactivated' : 'user.deactivated', user }, now)
        return user ?? null
      })
    },
    async recordLogin(id, at) {
      await loggedIn.execute({ id, at: at.toISOString() })
    },
    async setUserLanguage(id, language, now) {
      await db.update(users).set({ language, updatedAt: now }).where(eq(users.id, id))
    },
    async createUser({ email, passwordHash, language, now, leaseUntil, ...link }) {
      // One statement, so the user and their verification mail exist together or not at all
      // without a transaction's extra round trips. ON CONFLICT keeps concurrent sign-ups of one
      // email to exactly one winner, without an error. A new user has no older mail to supersede.
      // user.created joins the same statement; its data is eventData() of that event. The mail
      // is claimed for its first attempt and its link token stored here too (t): the sign-up
      // answers after that attempt, and two fewer writes make it as fast as a log-in.
      const at = now.toISOString()
      const { enabled } = events.options
      const eventCte = sql`, e as (
          insert into ${mailOutbox}
            (channel, kind, user_id, payload, message_id, next_attempt_at, created_at)
          select 'webhook', 'user.created', id, jsonb_build_object('user_id', id, 'email', email),
            ${newWebhookId()}, ${at}, ${at} from u
          returning id
        )`
      const result = await db.execute(sql`
        with u as (
          insert into ${users} (email, password_hash, language, created_at, updated_at)
          values (${email}, ${passwordHash}, ${language}, ${at}, ${at})
          on conflict (email) do nothing
          returning id, email, password_hash, is_active, is_verified, language
        ), m as (
          insert into ${mailOutbox} (kind, user_id, address, language, status, attempts,
            locked_until, next_attempt_at, created_at)
          select 'verify_email', id, email, language, 'sending', 1, ${leaseUntil.toISOString()},
            ${at}, ${at} from u
          returning id
        ), t as (
          insert into ${emailVerificationTokens} (user_id, token_hash, code_hash, outbox_id,
            expires_at, created_at)
          select u.id, ${link.linkTokenHash}, ${link.linkCodeHash}, m.id,
            ${link.linkExpiresAt.toISOString()}, ${at}
          from u, m
        )${enabled ? eventCte : sql``}
        select u.*, m.id as mail_id, ${enabled ? sql`(select id from e)` : sql`null`} as event_id
        from u, m`)
      const [row] = rowsOf<{
        id: number
        email: string
        password_hash: string
        is_active: boolean
        is_verified: boolean
        language: Lang
        mail_id: number
        event_id?: number | null
      }>(result)
      if (!row) return null
      if (row.event_id) events.options.committed([row.event_id])
      const user: User = {
        id: row.id,
        email: row.email,
        passwordHash: row.password_hash,
        isActive: row.is_active,
        isVerified: row.is_verified,
        language: row.language,
      }
      const mail = {
        channel: 'mail',
        id: row.mail_id,
        kind: 'verify_email',
        userId: user.id,
        address: user.email,
        language: user.language,
        attempts: 1,
        createdAt: now,
      } as const
      return { user, mail }
    },
  }
}

/** Rows of a raw `db.execute`: postgres.js answers an array, PGlite an object holding `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}
