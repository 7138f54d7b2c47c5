// The seams between use-cases and the outside world: each port is a few methods.
// Use-cases in src/auth and src/mail see only these types; adapters implement them.
import type { EventData, EventType } from './events/events'
import type { Lang } from './i18n/languages'

export type UserId = number

export interface User {
  id: UserId
  email: string
  passwordHash: string
  isActive: boolean
  isVerified: boolean
  /** The language of the user's mails. */
  language: Lang
}

/** Wall-clock time, injected so that expiry can be tested without waiting. */
export interface Clock {
  now(): Date
}

/** argon2id with the contract's parameters; PHC strings readable by every runtime. */
export interface PasswordHasher {
  hash(password: string): Promise<string>
  verify(phc: string, password: string): Promise<boolean>
}

/** What a live session knows about its user; only verified, active users get one. */
export interface SessionData {
  userId: UserId
  email: string
  isActive: boolean
  isVerified: boolean
  createdAt: number
  /**
   * The user's revocation generation read when the log-in began (before the password hash):
   * the session lives only while it is still the user's current one. See SessionStore.
   */
  generation: number
  /** When the cookie was last sent (ms): it is sent again once a quarter of its Max-Age passed. */
  cookieSetAt: number
  /** Opaque id shown in the session list: neither the cookie nor the store key. */
  publicId: string
  /** The client IP and User-Agent of the log-in, and a short label made from the latter. */
  ip: string
  userAgent: string
  device: string
  /** When the session was last used (ms), written at most once a minute by touch. */
  lastSeenAt: number
}

/** A live session of a user as the list shows it, with its store key (never shown). */
export interface ListedSession {
  key: string
  session: SessionData
}

/**
 * Fields that `touch` sets to `now`, each only when its stored value is below the given
 * threshold ("at most once a minute", "after a quarter of the cookie's Max-Age"): one write
 * in the same round trip, and none at all on most requests.
 */
export type SessionStampField = 'cookieSetAt' | 'lastSeenAt'
export interface SessionStamps {
  now: number
  before: Partial<Record<SessionStampField, number>>
}

/** A session as touch found it (stamps applied), and which fields this touch stamped. */
export interface TouchedSession {
  session: SessionData
  stamped: SessionStampField[]
}

/**
 * Sessions keyed by the SHA-256 of the session secret (the cookie value), so a
 * leaked store never yields a usable cookie.
 *
 * Revocation is one idea in one place: each user has a revocation generation, kept here
 * beside the sessions. `revokeUser` moves it on (and deletes what it can find); a session
 * is alive only while the generation it carries is the user's current one. `create` refuses
 * a session whose generation is already stale and `touch` ends one that became stale, so a
 * log-in that was in flight during a revocation cannot leave a live session behind.
 */
export interface SessionStore {
  /** The user's current revocation generation (0 before the first revocation). */
  generation(userId: UserId): Promise<number>
  /** Stores the session; false (and nothing stored) when `data.generation` is no longer current. */
  create(key: string, data: SessionData, ttlSeconds: number): Promise<boolean>
  /**
   * Returns the session and renews its TTL in the same round trip, applying `stamps`;
   * null when it is unknown, expired or revoked (and then a revoked one is deleted).
   */
  touch(key: string, ttlSeconds: number, stamps?: SessionStamps): Promise<TouchedSession | null>
  delete(key: string): Promise<void>
  /**
   * Ends every session of the user, at once and on every instance, including those that
   * in-flight log-ins will still try to create; `keep` (a session key of that user) survives
   * and moves to the new generation, with `patch` applied (an email change renames the kept
   * session's user). Returns how many sessions ended.
   */
  revokeUser(
    userId: UserId,
    options?: { keep?: string; patch?: Partial<Pick<SessionData, 'email' | 'isVerified'>> },
  ): Promise<number>
  /** The user's live sessions (one round trip), in no particular order. */
  listUser(userId: UserId): Promise<ListedSession[]>
  ping(): Promise<'ok' | 'memory'>
}

export interface RateLimitRule {
  /** Stable name, part of the storage key. */
  name: string
  limit: number
  windowSeconds: number
}

export interface RateLimitResult {
  allowed: boolean
  limit: number
  remaining: number
  /** Seconds until the window frees a slot. */
  resetSeconds: number
}

/** Sliding-window counters shared by every instance; failures throw (callers fail closed). */
export interface RateLimiter {
  /** Counts one hit and says whether it was within the limit. */
  hit(rule: RateLimitRule, key: string): Promise<RateLimitResult>
  /** Says whether one more hit would be allowed, without counting it. */
  peek(rule: RateLimitRule, key: string): Promise<RateLimitResult>
  /** Takes back one hit counted earlier (a log-in counted as a failure before it succeeded). */
  refund(rule: RateLimitRule, key: string): Promise<void>
  reset(rule: RateLimitRule, key: string): Promise<void>
}

export interface MailMessage {
  to: string
  /** Named by the mail's Content-Language. */
  language: Lang
  subject: string
  html: string
  text: string
}

/** Hands one message to a mail server; throws when it was not accepted. */
export interface Mailer {
  send(message: MailMessage): Promise<void>
  /** For /readyz: `failing` while this instance's latest delivery attempt failed. */
  status(): 'ok' | 'failing' | 'dev-mailbox'
}

/** One lifecycle event as the receiver gets it; `id` is the same on every attempt. */
export interface WebhookMessage {
  id: string
  /** The time of this attempt (`webhook-timestamp`), not of the change. */
  timestamp: Date
  body: string
}

/** POSTs one event to the product's receiver, signed; throws unless it answered 2xx in time. */
export interface WebhookSender {
  send(message: WebhookMessage): Promise<void>
}

/**
 * Runs work after the response (waitUntil on Workers, a tracked promise on Bun and Deno). A
 * function is called only once the answer has gone out, so nothing it does (a lookup that only
 * known emails make expensive) can delay or shape that answer; a promise is already running.
 * Functions run a few at a time, and a backlog past a bound is dropped (see deferred-tasks.ts).
 * A task that fails is logged, never left unhandled.
 */
export type Defer = (
  task: Promise<unknown> | (() => Promise<unknown>),
  /** For a function: start it at a uniformly random moment up to this long after the answer. */
  options?: { spreadMs?: number },
) => void

export type LogFields = Record<string, string | number | boolean | null | undefined>

/** One structured line per call. Callers never pass secrets: no passwords, tokens, cookies. */
export interface Log {
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
}

export type MailKind =
  | 'verify_email'
  | 'password_reset'
  | 'password_changed'
  | 'email_change_confirm'
  | 'email_change_notice'
  | 'email_changed'
  | 'account_deleted'

/** A mail of the outbox: what to send, never a token (the link is minted when it is composed). */
export interface OutboxMail {
  channel: 'mail'
  id: number
  kind: MailKind
  /** null once the user is deleted: a mail may outlive its user. */
  userId: UserId | null
  address: string
  /** The other address an email-change mail names (the new one, or the old one). */
  otherEmail?: string
  /** What the mail is written in: the user's language when it was queued. */
  language: Lang
  attempts: number
  createdAt: Date
}

/** A lifecycle event row of the outbox, delivered to the webhook receiver. */
export interface OutboxEvent {
  channel: 'webhook'
  id: number
  type: EventType
  /** The `webhook-id`, fixed when the row was written. */
  webhookId: string
  data: EventData
  attempts: number
  /** The time of the change: the body's `timestamp`. */
  createdAt: Date
}

export type OutboxItem = OutboxMail | OutboxEvent

export type VerifyOutcome = 'verified' | 'already_verified' | 'invalid'

/** What a one-time code proves: the flow whose link it was mailed beside. */
export type CodeKind = 'verify_email' | 'password_reset' | 'email_change'

/**
 * Persistence, one method per step of a flow. Each method that changes state and
 * causes a mail or a lifecycle event writes its outbox row in the same transaction, so
 * none is lost and none goes out for a change that was rolled back.
 */
export interface Db {
  ping(): Promise<void>
  /** 'not_migrated' when the schema is older than the code's migrations (or absent). */
  schemaStatus(): Promise<'ok' | 'not_migrated'>
  findUserByEmail(email: string): Promise<User | null>
  findUserById(id: UserId): Promise<User | null>
  /** Sets is_active; null when there is no such user. */
  setUserActive(id: UserId, active: boolean, now: Date): Promise<User | null>
  /** Stamps the user's last successful log-in (after the answer: nothing waits on it). */
  recordLogin(id: UserId, at: Date): Promise<void>
  /** The footer's language switch, signed in: later mails are written in it. */
  setUserLanguage(id: UserId, language: Lang, now: Date): Promise<void>
  /** null when the email is already registered. */
  /**
   * The user and their verification mail, written already claimed for its first attempt (status
   * sending until `leaseUntil`, one attempt) with the hashes of its link token and code: the
   * sign-up then sends it without a claim or a token write of its own. null when the email is
   * taken.
   */
  createUser(input: {
    email: string
    passwordHash: string
    language: Lang
    now: Date
    leaseUntil: Date
    linkTokenHash: string
    linkCodeHash: string
    linkExpiresAt: Date
  }): Promise<{ user: User; mail: OutboxMail & { kind: 'verify_email' } } | null>
  enqueueMail(input: { kind: MailKind; user: User; now: Date }): Promise<number>
  /**
   * Stores a link token and its one-time code (hashes only) for the mail that carries them,
   * replacing that mail's earlier pair.
   */
  saveLinkToken(input: {
    kind: 'verify_email' | 'password_reset'
    userId: UserId
    tokenHash: string
    codeHash: string
    mailId: number
    expiresAt: Date
    now: Date
  }): Promise<void>
  consumeVerificationToken(tokenHash: string, now: Date): Promise<VerifyOutcome>
  /**
   * The token hash of the user's live link whose code this is (consuming that token uses both
   * up), or null: then, in the same statement, the wrong try counts against every live code of
   * that kind of the user. A code with CODE_MAX_ATTEMPTS wrong tries matches nothing any more.
   */
  matchCode(input: {
    kind: CodeKind
    userId: UserId
    codeHash: string
    now: Date
  }): Promise<string | null>
  findUserByResetToken(tokenHash: string, now: Date): Promise<User | null>
  /** Consumes the token and sets the password; null when the token is not (or no longer) valid. */
  resetPassword(input: {
    tokenHash: string
    passwordHash: string
    now: Date
  }): Promise<{ user: User; mailId: number } | null>
  /**
   * Announces `user.sessions_revoked` for sessions ended in the store (which holds no
   * transaction of the database): written on its own, after the sessions have gone.
   */
  recordSessionsRevoked(user: Pick<User, 'id' | 'email'>, now: Date): Promise<void>
  /** The account page's view: the user, when they signed up, and a pending new address. */
  findAccount(
    id: UserId,
  ): Promise<{ user: User; createdAt: Date; pendingEmail: string | null } | null>
  /**
   * Sets the new hash only if `expectedHash` is still the user's (two concurrent changes: one
   * wins), invalidates unused reset links and queues "Your password was changed"; null if lost.
   */
  changePassword(input: {
    userId: UserId
    expectedHash: string
    passwordHash: string
    now: Date
  }): Promise<{ user: User; mailId: number } | null>
  /**
   * Replaces the user's pending email change and queues the notice to the current address,
   * and the link to the new one unless it already belongs to an account (then the pending
   * change holds no token and can never be confirmed). Returns the ids of the mails.
   */
  requestEmailChange(input: {
    user: User
    newEmail: string
    sessionKey: string
    expiresAt: Date
    now: Date
  }): Promise<number[]>
  /** Gives the pending change of that mail its token; false when the change was replaced. */
  saveEmailChangeToken(input: {
    userId: UserId
    mailId: number
    tokenHash: string
    codeHash: string
    expiresAt: Date
  }): Promise<boolean>
  /**
   * Consumes the token (one atomic DELETE: of concurrent uses one wins) and switches the
   * address; null when the token is unknown, used, expired or its address was taken since.
   */
  confirmEmailChange(
    tokenHash: string,
    now: Date,
  ): Promise<{ user: User; oldEmail: string; sessionKey: string | null; mailId: number } | null>
  /**
   * Removes the user, their tokens, pending change and unsent mail, and queues "Your account was
   * deleted" (the row outlives the user) with `user.deleted`, in one transaction.
   */
  deleteUser(id: UserId, now: Date): Promise<{ user: User; mailId: number } | null>
  /** Takes one outbox row (mail or event) for an attempt, if it is still due. */
  claimOutbox(id: number, now: Date, leaseUntil: Date): Promise<OutboxItem | null>
  claimDueOutbox(now: Date, leaseUntil: Date, limit: number): Promise<OutboxItem[]>
  markOutboxSent(id: number, now: Date): Promise<void>
  markOutboxRetry(id: number, nextAttemptAt: Date, error: string): Promise<void>
  markOutboxFailed(id: number, error: string): Promise<void>
  /** Mails and events not yet delivered. */
  outboxBacklog(now: Date): Promise<{ pending: number; oldestPendingSeconds: number | null }>
}
