// The JSON answers as valibot schemas: they generate the OpenAPI response schemas and type the RPC
// client.
import * as v from 'valibot'
import { LANGUAGES } from '../../i18n/languages'

const UserId = v.pipe(v.number(), v.integer(), v.description('The user id.'))
const Email = v.pipe(v.string(), v.email(), v.description('Trimmed and lower-cased.'))

export const RootResponse = v.object({
  message: v.pipe(v.string(), v.description('"<APP_NAME> API"')),
  version: v.pipe(v.string(), v.description('The semantic version of the service.')),
})

export const MessageResponse = v.object({ message: v.string() })

export const LanguageResponse = v.object({
  message: v.literal('Language changed'),
  language: v.picklist(LANGUAGES),
})

export const RegisterResponse = v.object({
  message: v.literal('User registered successfully'),
  email_sent: v.pipe(
    v.boolean(),
    v.description('false when the first delivery attempt failed; the outbox retries it.'),
  ),
  user_id: UserId,
})

export const LoginResponse = v.object({
  access_token: v.pipe(
    v.string(),
    v.description(
      'A JWT (HS256) for `Authorization: Bearer`, valid 30 minutes and revoked with its session.',
    ),
  ),
  token_type: v.literal('bearer'),
  user: v.object({ id: UserId, email: Email, is_verified: v.boolean() }),
})

export const MeResponse = v.object({
  id: UserId,
  email: Email,
  is_active: v.boolean(),
  is_verified: v.boolean(),
})

export const HealthResponse = v.object({ status: v.literal('ok') })

/** GET /authz: the identity travels in headers, the body is empty. */
export const AuthzResponse = v.literal('')

export const ReadyResponse = v.object({
  status: v.picklist(['ok', 'unavailable']),
  checks: v.object({
    database: v.picklist(['ok', 'down']),
    redis: v.pipe(
      v.picklist(['ok', 'memory', 'down']),
      v.description('"memory" when the app runs on its in-memory stores.'),
    ),
    mail: v.pipe(
      v.picklist(['ok', 'failing', 'dev-mailbox']),
      v.description(
        '"dev-mailbox" without SMTP; "failing" while the latest delivery attempt failed ' +
          '(alone never a 503).',
      ),
    ),
  }),
  outbox: v.optional(
    v.object({
      pending: v.pipe(v.number(), v.integer(), v.description('Emails waiting for delivery.')),
      oldest_pending_seconds: v.nullable(v.number()),
    }),
  ),
})

export const ErrorResponse = v.object({ detail: v.string() })

export const ValidationErrorResponse = v.object({
  detail: v.array(
    v.object({
      loc: v.pipe(
        v.array(v.union([v.string(), v.number()])),
        v.description('Where the problem is: ["body", "email"], ["query", "token"].'),
      ),
      msg: v.string(),
      type: v.pipe(v.string(), v.description('"missing", "string_type", "value_error", …')),
    }),
  ),
})

export const InternalErrorResponse = v.object({
  detail: v.literal('Internal server error'),
  request_id: v.pipe(
    v.string(),
    v.description('Also in the X-Request-Id header and the server log.'),
  ),
})
