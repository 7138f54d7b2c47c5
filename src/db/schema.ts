// Drizzle tables; drizzle-kit generates drizzle/*.sql from this file.
import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core'
import type { EventData } from '../events/events'
import { EVENT_TYPES } from '../events/events'
import { DEFAULT_LANGUAGE, LANGUAGES } from '../i18n/languages'

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    isVerified: boolean('is_verified').notNull().default(false),
    /** The language of the user's mails: the page's at sign-up, then the footer switch's. */
    language: text('language', { enum: LANGUAGES }).notNull().default(DEFAULT_LANGUAGE),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    /** The last successful log-in, written after its answer (for the operator's listing). */
    lastLoginAt: at('last_login_at'),
  },
  (t) => [
    unique('users_email_key').on(t.email),
    // Emails are compared case-insensitively: storing them lower-cased keeps the plain unique index
    // exact.
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
  ],
)

export const MAIL_KINDS = [
  'verify_email',
  'password_reset',
  'password_changed',
  'email_change_confirm',
  'email_change_notice',
  'email_changed',
  'account_deleted',
] as const

/**
 * The one outbox: mails and lifecycle events (webhooks), written in the transaction of the
 * change and delivered by one drainer. A row outlives its user (user_id becomes null), so a
 * later account deletion can still send its mail and its `user.deleted` event.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: serial('id').primaryKey(),
    channel: text('channel', { enum: ['mail', 'webhook'] })
      .notNull()
      .default('mail'),
    /** The mail kind, or the event type of a webhook. */
    kind: text('kind', { enum: [...MAIL_KINDS, ...EVENT_TYPES] }).notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The mail's recipient; null for a webhook. */
    address: text('address'),
    /** The language the mail is composed in, the user's when it was queued. */
    language: text('language', { enum: LANGUAGES }).notNull().default(DEFAULT_LANGUAGE),
    /** A webhook's `data`, or what an email-change mail names (`other_email`). */
    payload: jsonb('payload').$type<EventData | { other_email: string }>(),
    /** A webhook's `webhook-id`: the same on every attempt, so receivers can de-duplicate. */
    messageId: text('message_id'),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed', 'superseded'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull(),
    lockedUntil: at('locked_until'),
    lastError: text('last_error'),
    createdAt: at('created_at').notNull(),
    sentAt: at('sent_at'),
  },
  (t) => [
    index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt),
    check(
      'mail_outbox_channel_fields',
      sql`case ${t.channel} when 'mail' then ${t.address} is not null
        else ${t.payload} is not null and ${t.messageId} is not null end`,
    ),
  ],
)

/**
 * The one-time code mailed beside a link: only its keyed hash (HMAC, see src/auth/codes.ts), and
 * how many wrong codes were tried against it. It lives in its link's row, so one consume of that
 * row uses up both.
 */
const codeColumns = () => ({
  codeHash: text('code_hash'),
  codeAttempts: integer('code_attempts').notNull().default(0),
})

/**
 * Link tokens: only the SHA-256 of the token is stored; outbox_id ties a token to the mail that
 * carried it.
 */
const tokenColumns = () => ({
  ...codeColumns(),
  id: serial('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  outboxId: integer('outbox_id'),
  expiresAt: at('expires_at').notNull(),
  usedAt: at('used_at'),
  createdAt: at('created_at').notNull(),
})

// outbox_id: every mail attempt deletes the unused token of its mail's earlier attempt by it.
export const emailVerificationTokens = pgTable('email_verification_tokens', tokenColumns(), (t) => [
  index('email_verification_tokens_user_idx').on(t.userId),
  index('email_verification_tokens_outbox_idx').on(t.outboxId),
])

export const passwordResetTokens = pgTable('password_reset_tokens', tokenColumns(), (t) => [
  index('password_reset_tokens_user_idx').on(t.userId),
  index('password_reset_tokens_outbox_idx').on(t.outboxId),
])

/**
 * One pending email change per user (a new request replaces it). The token is minted when its
 * mail is composed (outbox_id names that mail) and only its SHA-256 is kept; null while unsent,
 * and forever when the new address already had an account (the change can never be confirmed,
 * yet the account page shows it like any other, so it reveals nothing).
 */
export const pendingEmailChanges = pgTable('pending_email_changes', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  newEmail: text('new_email').notNull(),
  tokenHash: text('token_hash').unique(),
  outboxId: integer('outbox_id'),
  /** The store key of the session that asked: it survives the confirmation. */
  sessionKey: text('session_key'),
  expiresAt: at('expires_at').notNull(),
  createdAt: at('created_at').notNull(),
  ...codeColumns(),
})

export type OutboxRow = typeof mailOutbox.$inferSelect
