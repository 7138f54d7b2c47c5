// Examples and error lists that several flows' routes share.
import type { ErrorCode } from '../../../errors'

// Realistic values, as in the seed service's curl examples; the password passes the policy.
export const EXAMPLE_EMAIL = 'user@example.com'
export const EXAMPLE_PASSWORD = 'violet-kayak-harbor-2031'
export const EXAMPLE_TOKEN = 'q2Jx9YyU3vKpZ0c7fN1sTgWbE4hLmR8aDiO6uXkQ5nA'
export const EXAMPLE_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInNpZCI6Ii4uLiJ9.c2lnbmF0dXJl'

export const PAGE_ERRORS = [
  'METHOD_NOT_ALLOWED',
  'RATE_LIMITED',
  'INTERNAL',
  'UNAVAILABLE',
] as const
export const BODY_ERRORS = [
  'MALFORMED_JSON',
  'FORBIDDEN',
  'METHOD_NOT_ALLOWED',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'VALIDATION_FAILED',
  'RATE_LIMITED',
  'INTERNAL',
  'UNAVAILABLE',
] as const

/** What every code alternative shares, said once. */
export const CODE_NOTE =
  "Instead of the link's `token`, the 8-character code printed beside the link in the same " +
  'email (Crockford base32, shown as `XXXX-XXXX`; any case, the dash optional; I and L read ' +
  'as 1, O as 0) does the same, for a reader who opened the email on another device. The code ' +
  'lives as long as its link, works once, and dies when its link is used (and the other way ' +
  'round). Five wrong codes make a code unusable; ten wrong codes per account per hour, across ' +
  'all its codes, give 429 for that account (the same for an unknown email). A wrong, used or ' +
  'expired code, or an unknown email, answers exactly as a bad token does.'

/** Account self-service without a session: the page request goes to log in and back. */
export const ACCOUNT_SIGN_IN = (path: string) => ({
  description: `Without a session: to \`/login?next=${path}\`.`,
  location: `/login?next=${path}`,
})
export const REAUTH_ERRORS = [
  'UNAUTHENTICATED',
  'CURRENT_PASSWORD_INCORRECT',
  ...BODY_ERRORS,
] as const satisfies readonly ErrorCode[]
