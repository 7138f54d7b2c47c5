// Trying a typed one-time code: within the account's budget of wrong codes, then against the
// account's live codes of one flow. The flows then consume the link the code belongs to.
import type { Deps } from '../deps'
import { type Failure, fail } from '../errors'
import type { CodeKind, UserId } from '../ports'
import { codeHash, normalizeCode } from './codes'
import { emailKey, rateLimit } from './rate-limits'

/** Who the code is for: an email (verify, reset), or the signed-in user (email change). */
export type CodeOwner = { email: string; userId?: UserId }

/**
 * `tokenHash`: the link whose code this is (null for a wrong, used or expired code, or an
 * unknown email, which the flows answer alike), or 429 once the account's budget is spent.
 */
export async function tryCode(
  deps: Deps,
  kind: CodeKind,
  owner: CodeOwner,
  typed: string,
): Promise<{ ok: true; tokenHash: string | null; emailHash: string } | Failure<'RATE_LIMITED'>> {
  const emailHash = await emailKey(deps, owner.email)
  // Counted before the code is checked, in one atomic step, and given back when it proves right
  // (as log-in failures are, see login.ts): counted after, concurrent guesses would all pass a
  // limit none of them had counted. One counter per account across its codes and flows, so new
  // codes bring no new budget; unknown emails count alike, so the limit reveals nothing.
  const [quota, userId] = await Promise.all([
    rateLimit(deps, 'hit', 'codeFailuresPerEmail', emailHash),
    owner.userId ?? deps.db.findUserByEmail(owner.email).then((user) => user?.id),
  ])
  if (!quota.allowed) return fail('RATE_LIMITED', { retryAfter: quota.resetSeconds })
  const code = normalizeCode(typed)
  // An unknown email runs the same query for a user id that never exists (ids start at 1), so
  // its answer takes no less time than a known one's.
  const tokenHash = code
    ? await deps.db.matchCode({
        kind,
        userId: userId ?? 0,
        codeHash: await codeHash(deps, code),
        now: deps.clock.now(),
      })
    : null
  if (tokenHash) await rateLimit(deps, 'refund', 'codeFailuresPerEmail', emailHash)
  return { ok: true, tokenHash, emailHash }
}
