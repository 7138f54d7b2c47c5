// The seams between use-cases and the outside world: each port is a few methods.
// Use-cases in src/auth and src/mail see only these types; adapters implement them.

export type UserId = number

export interface User {
  id: UserId
  email: string
  passwordHash: string
  isActive: boolean
  isVerified: boolean
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
}

/**
 * Sessions keyed by the SHA-256 of the session secret (the cookie value), so a
 * leaked store never yields a usable cookie. Each user has an index of their
 * sessions so that a password reset revokes them all in one call.
 */
export interface SessionStore {
  create(key: string, data: SessionData, ttlSeconds: number): Promise<void>
  /** Returns the session and renews its TTL in the same round trip. */
  touch(key: string, ttlSeconds: number): Promise<SessionData | null>
  delete(key: string): Promise<void>
  deleteAllForUser(userId: UserId): Promise<void>
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
  reset(rule: RateLimitRule, key: string): Promise<void>
}

export interface MailMessage {
  to: string
  subject: string
  html: string
  text: string
}

/** Hands one message to a mail server; throws when it was not accepted. */
export interface Mailer {
  send(message: MailMessage): Promise<void>
}

/**
 * Runs work after the response (waitUntil on Workers, a tracked promise on Bun and Deno). A
 * function is called only once the answer has gone out, so nothing it does (a lookup that only
 * known emails make expensive) can delay or shape that answer; a promise is already running.
 * A task that fails is logged, never left unhandled.
 */
export type Defer = (task: Promise<unknown> | (() => Promise<unknown>)) => void

export type LogFields = Record<string, string | number | boolean | null | undefined>

/** One structured line per call. Callers never pass secrets: no passwords, tokens, cookies. */
export interface Log {
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
}

export type MailKind = 'verify_email' | 'password_reset' | 'password_changed'

/** One row of the mail outbox: what to send, never a token (the link is minted when the mail is composed). */
export interface OutboxMail {
  id: number
  kind: MailKind
  userId: UserId
  address: string
  attempts: number
  createdAt: Date
}

export type VerifyOutcome = 'verified' | 'already_verified' | 'invalid'

/**
 * Persistence, one method per step of a flow. Each method that changes state and
 * causes a mail writes the outbox row in the same transaction, so no mail is lost.
 */
export interface Db {
  ping(): Promise<void>
  /** 'not_migrated' when the schema is older than the code's migrations (or absent). */
  schemaStatus(): Promise<'ok' | 'not_migrated'>
  findUserByEmail(email: string): Promise<User | null>
  /** null when the email is already registered. */
  createUser(input: {
    email: string
    passwordHash: string
    now: Date
  }): Promise<{ user: User; mailId: number } | null>
  enqueueMail(input: { kind: MailKind; user: User; now: Date }): Promise<number>
  /** Stores a link token for the mail that carries it, replacing that mail's earlier token. */
  saveLinkToken(input: {
    kind: 'verify_email' | 'password_reset'
    userId: UserId
    tokenHash: string
    mailId: number
    expiresAt: Date
    now: Date
  }): Promise<void>
  consumeVerificationToken(tokenHash: string, now: Date): Promise<VerifyOutcome>
  findUserByResetToken(tokenHash: string, now: Date): Promise<User | null>
  /** Consumes the token and sets the password; null when the token is not (or no longer) valid. */
  resetPassword(input: {
    tokenHash: string
    passwordHash: string
    now: Date
  }): Promise<{ user: User; mailId: number } | null>
  claimMail(id: number, now: Date, leaseUntil: Date): Promise<OutboxMail | null>
  claimDueMails(now: Date, leaseUntil: Date, limit: number): Promise<OutboxMail[]>
  markMailSent(id: number, now: Date): Promise<void>
  markMailRetry(id: number, nextAttemptAt: Date, error: string): Promise<void>
  markMailFailed(id: number, error: string): Promise<void>
  outboxBacklog(now: Date): Promise<{ pending: number; oldestPendingSeconds: number | null }>
}
