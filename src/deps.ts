// The one dependencies object that reaches every handler and use-case, and Hono's typed context.
import type { Context } from 'hono'
import type { KeptMail } from './adapters/dev-mailbox'
import type { AccessTokens } from './auth/access-token'
import type { Config } from './config'
import type { Lang, Translator } from './i18n/translate'
import type {
  Clock,
  Db,
  Defer,
  Log,
  Mailer,
  PasswordHasher,
  RateLimiter,
  SessionData,
  SessionStore,
  WebhookSender,
} from './ports'

export interface Deps {
  config: Config
  db: Db
  sessions: SessionStore
  limiter: RateLimiter
  hasher: PasswordHasher
  mailer: Mailer
  accessTokens: AccessTokens
  clock: Clock
  defer: Defer
  log: Log
  /** The peer address as the runtime sees it (Bun: the socket; Workers: CF-Connecting-IP). */
  peerAddress(c: Context): string | undefined
  /** Present only with WEBHOOK_URL; without it no event is written to the outbox. */
  webhooks?: WebhookSender
  /** Present only with the development mailbox. */
  devMailbox?: { list(): KeptMail[] }
}

export interface Authenticated {
  session: SessionData
  /** The SHA-256 of the session secret: the store key and the JWT `sid`. */
  sessionKey: string
  /** The cookie authenticated this request and is due to be sent again with a fresh Max-Age. */
  renewCookie: boolean
}

export type AppEnv = {
  Variables: {
    deps: Deps
    requestId: string
    clientIp: string
    html: boolean
    /** The page's language (hono/language: ?lang=, the lang cookie, Accept-Language, en). */
    language: Lang
    t: Translator
    /** The session this request presents, looked up once (see http/middleware/session-lookup). */
    session?: Promise<Authenticated | null>
  }
}
