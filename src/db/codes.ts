// One-time codes: matched against the user's live links, every wrong try counted in the same
// statement, so concurrent guesses cannot pass the per-code limit that none of them had counted.
import { sql } from 'drizzle-orm'
import { CODE_MAX_ATTEMPTS } from '../auth/codes'
import type { CodeKind, Db } from '../ports'
import type { Database } from './database'
import { emailVerificationTokens, passwordResetTokens, pendingEmailChanges } from './schema'
import { rowsOf } from './users'

/** What makes a row's code live: unused, unexpired (pending changes are deleted when used). */
function liveRows(kind: CodeKind, userId: number, now: Date) {
  const at = now.toISOString()
  if (kind === 'email_change') {
    const p = pendingEmailChanges
    return sql`${p.userId} = ${userId} and ${p.tokenHash} is not null and ${p.expiresAt} > ${at}`
  }
  const t = kind === 'verify_email' ? emailVerificationTokens : passwordResetTokens
  return sql`${t.userId} = ${userId} and ${t.usedAt} is null and ${t.expiresAt} > ${at}`
}

const TABLES = {
  verify_email: emailVerificationTokens,
  password_reset: passwordResetTokens,
  email_change: pendingEmailChanges,
} as const

export function codeQueries(db: Database): Pick<Db, 'matchCode'> {
  return {
    async matchCode({ kind, userId, codeHash, now }) {
      const table = TABLES[kind]
      const live = liveRows(kind, userId, now)
      // Data-modifying CTEs always run to completion: the miss counts only when nothing hit.
      // Unqualified column names: the UPDATE cannot alias its table in drizzle's sql.
      const result = await db.execute(sql`
        with hit as (
          select token_hash from ${table}
          where ${live} and code_hash = ${codeHash} and code_attempts < ${CODE_MAX_ATTEMPTS}
          limit 1
        ), miss as (
          update ${table} set code_attempts = code_attempts + 1
          where ${live} and code_hash is not null and not exists (select 1 from hit)
          returning 1
        )
        select token_hash from hit`)
      const [row] = rowsOf<{ token_hash: string }>(result)
      return row?.token_hash ?? null
    },
  }
}
