// Queries on users: lookup and registration.
import { eq, sql } from 'drizzle-orm'
import type { Db, User } from '../ports'
import type { Database } from './database'
import { insertMail } from './outbox'
import { users } from './schema'

export const userColumns = {
  id: users.id,
  email: users.email,
  passwordHash: users.passwordHash,
  isActive: users.isActive,
  isVerified: users.isVerified,
}

export function userQueries(db: Database): Pick<Db, 'ping' | 'findUserByEmail' | 'createUser'> {
  const byEmail = db.select(userColumns).from(users).where(eq(users.email, sql.placeholder('email'))).limit(1).prepare('find_user_by_email')
  return {
    async ping() {
      await db.execute(sql`select 1`)
    },
    async findUserByEmail(email) {
      const [user] = await byEmail.execute({ email })
      return user ?? null
    },
    createUser({ email, passwordHash, now }) {
      return db.transaction(async (tx) => {
        // ON CONFLICT keeps concurrent sign-ups of one email to exactly one winner, without an error.
        const [user]: User[] = await tx
          .insert(users)
          .values({ email, passwordHash, createdAt: now, updatedAt: now })
          .onConflictDoNothing({ target: users.email })
          .returning(userColumns)
        if (!user) return null
        const mailId = await insertMail(tx, { kind: 'verify_email', user, now })
        return { user, mailId }
      })
    },
  }
}
