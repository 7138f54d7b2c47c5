// Queries on users: lookup, registration and (de)activation.
import { eq, sql } from 'drizzle-orm'
import type { Db, User } from '../ports'
import type { Database } from './database'
import { mailOutbox, users } from './schema'

export const userColumns = {
  id: users.id,
  email: users.email,
  passwordHash: users.passwordHash,
  isActive: users.isActive,
  isVerified: users.isVerified,
}

type UserQueries = Pick<
  Db,
  'ping' | 'findUserByEmail' | 'findUserById' | 'setUserActive' | 'createUser'
>

export function userQueries(db: Database): UserQueries {
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
    async setUserActive(id, active, now) {
      const [user] = await db
        .update(users)
        .set({ isActive: active, updatedAt: now })
        .where(eq(users.id, id))
        .returning(userColumns)
      return user ?? null
    },
    async createUser({ email, passwordHash, now }) {
      // One statement, so the user and their verification mail exist together or not at all
      // without a transaction's extra round trips. ON CONFLICT keeps concurrent sign-ups of one
      // email to exactly one winner, without an error. A new user has no older mail to supersede.
      const at = now.toISOString()
      const result = await db.execute(sql`
        with u as (
          insert into ${users} (email, password_hash, created_at, updated_at)
          values (${email}, ${passwordHash}, ${at}, ${at})
          on conflict (email) do nothing
          returning id, email, password_hash, is_active, is_verified
        ), m as (
          insert into ${mailOutbox} (kind, user_id, address, next_attempt_at, created_at)
          select 'verify_email', id, email, ${at}, ${at} from u
          returning id
        )
        select u.*, m.id as mail_id from u, m`)
      const [row] = rowsOf<{
        id: number
        email: string
        password_hash: string
        is_active: boolean
        is_verified: boolean
        mail_id: number
      }>(result)
      if (!row) return null
      const user: User = {
        id: row.id,
        email: row.email,
        passwordHash: row.password_hash,
        isActive: row.is_active,
        isVerified: row.is_verified,
      }
      return { user, mailId: row.mail_id }
    },
  }
}

/** Rows of a raw `db.execute`: postgres.js answers an array, PGlite an object holding `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}
