// Every route of the contract, once: the OpenAPI document and the typed client are both built from
// this table.
import type * as v from 'valibot'
import type { RuleName } from '../../config'
import type { ErrorCode } from '../../errors'
import {
  ChangeEmailInput,
  ChangePasswordInput,
  ConfirmEmailChangeBody,
  CurrentPasswordInput,
  EmailInput,
  LanguageInput,
  LoginInput,
  RegisterInput,
  ResetPasswordBody,
  SessionIdInput,
  TokenInput,
  VerifyEmailBody,
} from '../inputs'
import {
  AccountResponse,
  AuthzResponse,
  HealthResponse,
  LanguageResponse,
  LoginResponse,
  MeResponse,
  MessageResponse,
  OtherSessionsRevokedResponse,
  PasswordChangedResponse,
  ReadyResponse,
  RegisterResponse,
  RootResponse,
  SessionsResponse,
} from './schemas'

export type Tag = 'Service' | 'Sign-up and verification' | 'Session' | 'Password reset' | 'Account'

/** A JSON answer with its status. */
export interface JsonAnswer {
  readonly status: 200 | 201 | 202 | 503
  readonly description: string
  readonly schema: v.GenericSchema
  readonly example: unknown
  readonly headers?: readonly HeaderName[]
}

export type HeaderName = 'Retry-After' | 'Set-Cookie' | 'Location'

export interface Operation {
  readonly method: 'get' | 'post'
  readonly path: string
  readonly operationId: string
  readonly tag: Tag
  readonly summary: string
  readonly description?: string
  /**
   * The JSON body; forms (`application/x-www-form-urlencoded`, `multipart/form-data`) carry the
   * same fields when `page` is set.
   */
  readonly body?: v.GenericSchema
  readonly bodyExample?: Record<string, string>
  readonly query?: v.GenericSchema
  readonly queryExample?: Record<string, string>
  readonly auth?: readonly ('bearer' | 'cookie')[]
  /** The JSON representation's answers; absent for HTML-only routes. */
  readonly json?: readonly JsonAnswer[]
  /** What a browser gets (a form post, or a GET whose Accept asks for text/html). */
  readonly page?: {
    readonly status: 200 | 201 | 303
    readonly description: string
    readonly location?: string
  }
  /** A page route that sends the browser elsewhere in some cases (303). */
  readonly redirect?: { readonly description: string; readonly location: string }
  /** Every `{"detail": ...}` error this route can answer, by code of the error table. */
  readonly errors: readonly ErrorCode[]
  readonly rateLimits?: readonly RuleName[]
}

// Realistic values, as in the seed service's curl examples; the password passes the policy.
export const EXAMPLE_EMAIL = 'user@example.com'
export const EXAMPLE_PASSWORD = 'violet-kayak-harbor-2031'
export const EXAMPLE_TOKEN = 'q2Jx9YyU3vKpZ0c7fN1sTgWbE4hLmR8aDiO6uXkQ5nA'
const EXAMPLE_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInNpZCI6Ii4uLiJ9.c2lnbmF0dXJl'

const PAGE_ERRORS = ['METHOD_NOT_ALLOWED', 'RATE_LIMITED', 'INTERNAL', 'UNAVAILABLE'] as const
const BODY_ERRORS = [
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
const CODE_NOTE =
  "Instead of the link's `token`, the 8-character code printed beside the link in the same " +
  'email (Crockford base32, shown as `XXXX-XXXX`; any case, the dash optional; I and L read ' +
  'as 1, O as 0) does the same, for a reader who opened the email on another device. The code ' +
  'lives as long as its link, works once, and dies when its link is used (and the other way ' +
  'round). Five wrong codes make a code unusable; ten wrong codes per account per hour, across ' +
  'all its codes, give 429 for that account (the same for an unknown email). A wrong, used or ' +
  'expired code, or an unknown email, answers exactly as a bad token does.'

const CHECK_INBOX = {
  message: 'If the account exists and is not verified, a new verification email has been sent',
}
const VERIFIED = {
  status: 200,
  description:
    'Verified. A token used again after it worked answers `{"message": "Email already ' +
    'verified"}` until it expires.',
  schema: MessageResponse,
  example: { message: 'Email verified successfully' },
} as const satisfies JsonAnswer

/** Account self-service without a session: the page request goes to log in and back. */
const ACCOUNT_SIGN_IN = (path: string) => ({
  description: `Without a session: to \`/login?next=${path}\`.`,
  location: `/login?next=${path}`,
})
const REAUTH_ERRORS = [
  'UNAUTHENTICATED',
  'CURRENT_PASSWORD_INCORRECT',
  ...BODY_ERRORS,
] as const satisfies readonly ErrorCode[]
const EMAIL_CHANGED = {
  status: 200,
  description: 'Changed. A token used again answers 400.',
  schema: MessageResponse,
  example: { message: 'Email changed successfully' },
} as const satisfies JsonAnswer

export const operations = {
  root: {
    method: 'get',
    path: '/',
    operationId: 'root',
    tag: 'Service',
    summary: 'Service name and version',
    json: [
      {
        status: 200,
        description: 'The API name and version.',
        schema: RootResponse,
        example: { message: 'Gatehouse API', version: '0.1.0' },
      },
    ],
    page: {
      status: 200,
      description:
        'The home page: sign up / log in, or the account when a session cookie is present.',
    },
    errors: PAGE_ERRORS,
  },
  registerPage: {
    method: 'get',
    path: '/register',
    operationId: 'registerPage',
    tag: 'Sign-up and verification',
    summary: 'Sign-up form (HTML)',
    page: { status: 200, description: 'The sign-up form.' },
    errors: PAGE_ERRORS,
  },
  register: {
    method: 'post',
    path: '/register',
    operationId: 'register',
    tag: 'Sign-up and verification',
    summary: 'Create an account',
    description:
      'Creates an unverified account and emails a verification link (valid 24 hours). The ' +
      'password policy is in the schema: a minimum length (15 by default) up to 256 ' +
      'characters, no composition rules; a common password, or one containing the email or the ' +
      'app name, is refused with a 422 that says why.',
    body: RegisterInput,
    bodyExample: { email: EXAMPLE_EMAIL, password: EXAMPLE_PASSWORD },
    json: [
      {
        status: 201,
        description: 'Registered.',
        schema: RegisterResponse,
        example: { message: 'User registered successfully', email_sent: true, user_id: 42 },
      },
    ],
    page: {
      status: 303,
      description: 'Redirects to the "check your inbox" page (Post/Redirect/Get).',
      location: '/register/check-inbox',
    },
    errors: ['EMAIL_TAKEN', ...BODY_ERRORS],
    rateLimits: ['register'],
  },
  registerCheckInboxPage: {
    method: 'get',
    path: '/register/check-inbox',
    operationId: 'registerCheckInboxPage',
    tag: 'Sign-up and verification',
    summary: '"Check your inbox" after sign-up (HTML)',
    description:
      'Where a successful sign-up form goes. Names the address once (a one-time notice); a ' +
      'reload shows the page without it and re-submits nothing.',
    page: { status: 200, description: 'The "check your inbox" page.' },
    errors: PAGE_ERRORS,
  },
  verifyEmailLink: {
    method: 'get',
    path: '/verify-email',
    operationId: 'verifyEmailLink',
    tag: 'Sign-up and verification',
    summary: 'Verify an email address (the link in the email)',
    description:
      'Acts only for a request whose `Accept` names `application/json` itself: JSON clients ' +
      'verify in one step. Everyone else (`Accept: */*`, no `Accept`, a browser, `HEAD`) gets ' +
      'a "Confirm my email" page whose button POSTs the token: that GET changes nothing, so ' +
      'mail scanners, unfurlers and prefetchers that open links cannot use them up.',
    query: TokenInput,
    queryExample: { token: EXAMPLE_TOKEN },
    json: [VERIFIED],
    page: { status: 200, description: 'The "Confirm my email" page (changes nothing).' },
    errors: [
      'VERIFY_TOKEN_INVALID',
      'METHOD_NOT_ALLOWED',
      'VALIDATION_FAILED',
      'RATE_LIMITED',
      'INTERNAL',
      'UNAVAILABLE',
    ],
    rateLimits: ['verifyEmail'],
  },
  verifyEmail: {
    method: 'post',
    path: '/verify-email',
    operationId: 'verifyEmail',
    tag: 'Sign-up and verification',
    summary: 'Verify an email address',
    description: `\`{"token"}\`, or \`{"email", "code"}\`. ${CODE_NOTE}`,
    body: VerifyEmailBody,
    bodyExample: { token: EXAMPLE_TOKEN },
    json: [VERIFIED],
    page: {
      status: 303,
      description: 'Redirects to the result page (Post/Redirect/Get).',
      location: '/verify-email/done',
    },
    errors: ['VERIFY_TOKEN_INVALID', ...BODY_ERRORS],
    rateLimits: ['verifyEmail', 'codeFailuresPerEmail'],
  },
  verifyEmailDonePage: {
    method: 'get',
    path: '/verify-email/done',
    operationId: 'verifyEmailDonePage',
    tag: 'Sign-up and verification',
    summary: 'Email confirmed (HTML)',
    description:
      'Where a successful confirm button goes: "verified" or "already verified" once (a ' +
      'one-time notice), with a link to log in.',
    page: { status: 200, description: 'The result page.' },
    errors: PAGE_ERRORS,
  },
  resendVerification: {
    method: 'post',
    path: '/resend-verification',
    operationId: 'resendVerification',
    tag: 'Sign-up and verification',
    summary: 'Send a new verification email',
    description: 'The same answer whether or not the account exists or is verified.',
    body: EmailInput,
    bodyExample: { email: EXAMPLE_EMAIL },
    json: [
      { status: 200, description: 'Accepted.', schema: MessageResponse, example: CHECK_INBOX },
    ],
    page: {
      status: 303,
      description: 'Redirects to its "check your inbox" page (Post/Redirect/Get).',
      location: '/resend-verification/check-inbox',
    },
    errors: BODY_ERRORS,
    rateLimits: ['resendVerification', 'resendVerificationPerEmail'],
  },
  resendCheckInboxPage: {
    method: 'get',
    path: '/resend-verification/check-inbox',
    operationId: 'resendCheckInboxPage',
    tag: 'Sign-up and verification',
    summary: '"Check your inbox" after a resend (HTML)',
    page: { status: 200, description: 'The same message as the JSON answer, as a page.' },
    errors: PAGE_ERRORS,
  },
  loginPage: {
    method: 'get',
    path: '/login',
    operationId: 'loginPage',
    tag: 'Session',
    summary: 'Log-in form (HTML)',
    description:
      '`?next=/some/path` (a same-origin relative path) is followed after log-in; anything ' +
      'else falls back to `/account`.',
    page: {
      status: 200,
      description: 'The log-in form, with links to sign up and "forgot password".',
    },
    errors: PAGE_ERRORS,
  },
  login: {
    method: 'post',
    path: '/login',
    operationId: 'login',
    tag: 'Session',
    summary: 'Log in',
    description:
      'Answers an access token (JWT, 30 minutes) and sets the session cookie. Unknown emails ' +
      'and wrong passwords get the same answer; an unverified account is told so only after ' +
      'the right password.',
    body: LoginInput,
    bodyExample: { email: EXAMPLE_EMAIL, password: EXAMPLE_PASSWORD },
    json: [
      {
        status: 200,
        description: 'Logged in; the session cookie is set too.',
        schema: LoginResponse,
        headers: ['Set-Cookie'],
        example: {
          access_token: EXAMPLE_JWT,
          token_type: 'bearer',
          user: { id: 42, email: EXAMPLE_EMAIL, is_verified: true },
        },
      },
    ],
    page: {
      status: 303,
      description: 'Sets the session cookie and redirects to `/account` (or the safe `next`).',
      location: '/account',
    },
    errors: ['INVALID_CREDENTIALS', 'ACCOUNT_DEACTIVATED', 'EMAIL_NOT_VERIFIED', ...BODY_ERRORS],
    rateLimits: ['login', 'loginFailuresPerEmail'],
  },
  me: {
    method: 'get',
    path: '/me',
    operationId: 'me',
    tag: 'Session',
    summary: 'The signed-in user',
    auth: ['bearer', 'cookie'],
    json: [
      {
        status: 200,
        description: 'The user of the bearer token or session cookie.',
        schema: MeResponse,
        example: { id: 42, email: EXAMPLE_EMAIL, is_active: true, is_verified: true },
      },
    ],
    page: { status: 303, description: 'Browsers are sent to `/account`.', location: '/account' },
    errors: ['UNAUTHENTICATED', ...PAGE_ERRORS],
  },
  authz: {
    method: 'get',
    path: '/authz',
    operationId: 'authz',
    tag: 'Session',
    summary: 'Forward auth for the product beside Gatehouse',
    description:
      'For nginx `auth_request`, Caddy `forward_auth` and Traefik `forwardAuth` (also `HEAD`). ' +
      'A live session answers 200 with an empty body and the headers `X-Auth-Request-User`, ' +
      '`X-Auth-Request-Email`, `X-Auth-Request-Email-Verified` and `X-Auth-Request-Session`; ' +
      '`?require=verified` answers 403 for an unverified user. Not limited per IP.',
    auth: ['bearer', 'cookie'],
    json: [
      {
        status: 200,
        description: 'A live session: empty body, the identity in the X-Auth-Request-* headers.',
        schema: AuthzResponse,
        example: '',
      },
    ],
    redirect: {
      description:
        'No session, for a browser navigation forwarded with `X-Forwarded-Uri` and ' +
        '`X-Forwarded-Host` (Caddy, Traefik): to the log-in page, `next` the original URL. ' +
        'nginx (`X-Original-URI`) always gets 401.',
      location: '/login',
    },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'METHOD_NOT_ALLOWED', 'INTERNAL', 'UNAVAILABLE'],
  },
  logout: {
    method: 'post',
    path: '/logout',
    operationId: 'logout',
    tag: 'Session',
    summary: 'Log out',
    description:
      'Revokes the session of the bearer token and/or the cookie (both when both are sent) and ' +
      "clears the cookie. A cookie-only logout must come from the app's own origin.",
    auth: ['bearer', 'cookie'],
    json: [
      {
        status: 200,
        description: 'Logged out.',
        schema: MessageResponse,
        headers: ['Set-Cookie'],
        example: { message: 'Logged out successfully' },
      },
    ],
    page: { status: 303, description: 'Redirects to `/`.', location: '/' },
    errors: [
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'METHOD_NOT_ALLOWED',
      'BODY_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'RATE_LIMITED',
      'INTERNAL',
      'UNAVAILABLE',
    ],
  },
  setLanguage: {
    method: 'post',
    path: '/language',
    operationId: 'setLanguage',
    tag: 'Session',
    summary: 'Choose the language of pages and mails',
    description:
      'The footer switch of every page: sets the `lang` cookie (pages: `?lang=`, then this ' +
      'cookie, then `Accept-Language`, then `en`) and, with a session, the language of the ' +
      "user's later mails. JSON `detail` and `message` strings stay English.",
    auth: ['bearer', 'cookie'],
    body: LanguageInput,
    bodyExample: { lang: 'de', next: '/login' },
    json: [
      {
        status: 200,
        description: 'Changed.',
        schema: LanguageResponse,
        headers: ['Set-Cookie'],
        example: { message: 'Language changed', language: 'de' },
      },
    ],
    page: { status: 303, description: 'Back to `next` (a path of this app), else `/`.' },
    errors: BODY_ERRORS,
  },
  forgotPasswordPage: {
    method: 'get',
    path: '/request-password-reset',
    operationId: 'forgotPasswordPage',
    tag: 'Password reset',
    summary: '"Forgot password" form (HTML)',
    page: { status: 200, description: 'The "forgot password" form.' },
    errors: PAGE_ERRORS,
  },
  requestPasswordReset: {
    method: 'post',
    path: '/request-password-reset',
    operationId: 'requestPasswordReset',
    tag: 'Password reset',
    summary: 'Email a password reset link',
    description:
      'The same body, status and timing for unknown emails. The link lives 1 hour; a new ' +
      'request invalidates the older ones.',
    body: EmailInput,
    bodyExample: { email: EXAMPLE_EMAIL },
    json: [
      {
        status: 200,
        description: 'Accepted.',
        schema: MessageResponse,
        example: { message: 'If the email exists, a reset link has been sent' },
      },
    ],
    page: {
      status: 303,
      description: 'Redirects to its "check your inbox" page (Post/Redirect/Get).',
      location: '/request-password-reset/check-inbox',
    },
    errors: BODY_ERRORS,
    rateLimits: ['passwordReset', 'passwordResetPerEmail'],
  },
  resetRequestedPage: {
    method: 'get',
    path: '/request-password-reset/check-inbox',
    operationId: 'resetRequestedPage',
    tag: 'Password reset',
    summary: '"Check your inbox" after a reset request (HTML)',
    page: { status: 200, description: 'The same message as the JSON answer, as a page.' },
    errors: PAGE_ERRORS,
  },
  resetPasswordPage: {
    method: 'get',
    path: '/reset-password',
    operationId: 'resetPasswordPage',
    tag: 'Password reset',
    summary: 'New-password form (HTML)',
    description: 'The link in the email. Showing the form never consumes the token.',
    query: TokenInput,
    queryExample: { token: EXAMPLE_TOKEN },
    page: { status: 200, description: 'The new-password form (the token in a hidden field).' },
    errors: PAGE_ERRORS,
  },
  resetPassword: {
    method: 'post',
    path: '/reset-password',
    operationId: 'resetPassword',
    tag: 'Password reset',
    summary: 'Set a new password',
    description:
      'Sets the password, revokes every session and access token of the user, marks the email ' +
      'verified and sends a "your password was changed" email. It does not log in. ' +
      '`confirm_new_password` is optional; when present and different: 400 "Passwords do not ' +
      `match". \`{"email", "code", "new_password"}\` is the code's alternative. ${CODE_NOTE}`,
    body: ResetPasswordBody,
    bodyExample: {
      token: EXAMPLE_TOKEN,
      new_password: EXAMPLE_PASSWORD,
      confirm_new_password: EXAMPLE_PASSWORD,
    },
    json: [
      {
        status: 200,
        description: 'Password changed.',
        schema: MessageResponse,
        example: { message: 'Password reset successfully' },
      },
    ],
    page: {
      status: 303,
      description: 'Redirects to the result page (Post/Redirect/Get).',
      location: '/reset-password/done',
    },
    errors: ['RESET_TOKEN_INVALID', 'PASSWORDS_DO_NOT_MATCH', ...BODY_ERRORS],
    rateLimits: ['resetPassword', 'codeFailuresPerEmail'],
  },
  resetPasswordDonePage: {
    method: 'get',
    path: '/reset-password/done',
    operationId: 'resetPasswordDonePage',
    tag: 'Password reset',
    summary: 'Password changed (HTML)',
    description: 'Where a successful new-password form goes, with a link to log in.',
    page: { status: 200, description: 'The result page.' },
    errors: PAGE_ERRORS,
  },
  healthz: {
    method: 'get',
    path: '/healthz',
    operationId: 'healthz',
    tag: 'Service',
    summary: 'Liveness',
    description: 'The process is alive. Not rate limited.',
    json: [
      { status: 200, description: 'Alive.', schema: HealthResponse, example: { status: 'ok' } },
    ],
    errors: ['METHOD_NOT_ALLOWED'],
  },
  readyz: {
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    tag: 'Service',
    summary: 'Readiness',
    description:
      'Postgres and Redis answer (and how mail fares, and the mail backlog). Not rate limited.',
    json: [
      {
        status: 200,
        description: 'Ready.',
        schema: ReadyResponse,
        example: {
          status: 'ok',
          checks: { database: 'ok', redis: 'ok', mail: 'ok' },
          outbox: { pending: 0, oldest_pending_seconds: null },
        },
      },
      {
        status: 503,
        description: 'A dependency is down; `checks` names it.',
        schema: ReadyResponse,
        headers: ['Retry-After'],
        example: {
          status: 'unavailable',
          checks: { database: 'ok', redis: 'down', mail: 'ok' },
        },
      },
    ],
    errors: ['METHOD_NOT_ALLOWED'],
  },
  account: {
    method: 'get',
    path: '/account',
    operationId: 'account',
    tag: 'Account',
    summary: 'The account',
    auth: ['bearer', 'cookie'],
    json: [
      {
        status: 200,
        description: 'The signed-in account, with a pending email change.',
        schema: AccountResponse,
        example: {
          id: 42,
          email: EXAMPLE_EMAIL,
          is_active: true,
          is_verified: true,
          created_at: '2026-12-02T19:32:12Z',
          pending_email: null,
        },
      },
    ],
    page: {
      status: 200,
      description: 'The account page: email, verified state, links to the pages below, log out.',
    },
    redirect: ACCOUNT_SIGN_IN('/account'),
    errors: ['UNAUTHENTICATED', ...PAGE_ERRORS],
  },
  changePasswordPage: {
    method: 'get',
    path: '/account/password',
    operationId: 'changePasswordPage',
    tag: 'Account',
    summary: 'Change-password form (HTML)',
    auth: ['cookie'],
    page: { status: 200, description: 'The change-password form.' },
    redirect: ACCOUNT_SIGN_IN('/account/password'),
    errors: ['UNAUTHENTICATED', ...PAGE_ERRORS],
  },
  changePassword: {
    method: 'post',
    path: '/account/password',
    operationId: 'changePassword',
    tag: 'Account',
    summary: 'Change the password',
    description:
      'Asks for the current password. The new one follows the sign-up policy. This session ' +
      'stays; every other session ends; reset links are invalidated; a notice is mailed.',
    auth: ['bearer', 'cookie'],
    body: ChangePasswordInput,
    bodyExample: { current_password: EXAMPLE_PASSWORD, new_password: 'amber-falcon-meadow-2032' },
    json: [
      {
        status: 200,
        description: 'Changed.',
        schema: PasswordChangedResponse,
        example: { message: 'Password changed successfully', sessions_revoked: 1 },
      },
    ],
    page: {
      status: 303,
      description: 'Redirects to `/account` with a notice.',
      location: '/account',
    },
    errors: [...REAUTH_ERRORS, 'PASSWORDS_DO_NOT_MATCH'],
  },
  changeEmailPage: {
    method: 'get',
    path: '/account/email',
    operationId: 'changeEmailPage',
    tag: 'Account',
    summary: 'Change-email form (HTML)',
    auth: ['cookie'],
    page: { status: 200, description: 'The change-email form.' },
    redirect: ACCOUNT_SIGN_IN('/account/email'),
    errors: ['UNAUTHENTICATED', ...PAGE_ERRORS],
  },
  changeEmail: {
    method: 'post',
    path: '/account/email',
    operationId: 'changeEmail',
    tag: 'Account',
    summary: 'Ask to change the email address',
    description:
      'Asks for the current password; mails a link (24 hours) to the new address and a notice ' +
      'to the old one. The same answer when the new address already has an account.',
    auth: ['bearer', 'cookie'],
    body: ChangeEmailInput,
    bodyExample: { current_password: EXAMPLE_PASSWORD, new_email: 'new@example.com' },
    json: [
      {
        status: 202,
        description: 'The link is on its way.',
        schema: MessageResponse,
        example: { message: 'Check your new inbox to confirm the change' },
      },
    ],
    page: {
      status: 303,
      description: 'Redirects to `/account` with a notice.',
      location: '/account',
    },
    errors: REAUTH_ERRORS,
  },
  confirmEmailChangeLink: {
    method: 'get',
    path: '/confirm-email-change',
    operationId: 'confirmEmailChangeLink',
    tag: 'Account',
    summary: 'Confirm an email change (the link in the email)',
    description:
      'Acts only for a request whose `Accept` names `application/json` itself; everyone else ' +
      'gets a confirm page whose button POSTs the token (the GET changes nothing).',
    query: TokenInput,
    queryExample: { token: EXAMPLE_TOKEN },
    json: [EMAIL_CHANGED],
    page: { status: 200, description: 'The confirm page (changes nothing).' },
    errors: [
      'EMAIL_CHANGE_TOKEN_INVALID',
      'METHOD_NOT_ALLOWED',
      'VALIDATION_FAILED',
      'RATE_LIMITED',
      'INTERNAL',
      'UNAVAILABLE',
    ],
    rateLimits: ['confirmEmailChange'],
  },
  confirmEmailChange: {
    method: 'post',
    path: '/confirm-email-change',
    operationId: 'confirmEmailChange',
    tag: 'Account',
    summary: 'Confirm an email change',
    description:
      'Switches the address (marked verified), ends every other session of the user and mails ' +
      'the old address. A token used again answers 400. `{"code"}` is the code\'s alternative, ' +
      'sent with a live session (bearer or cookie) of the user the change is for; without ' +
      `one: 401. ${CODE_NOTE}`,
    body: ConfirmEmailChangeBody,
    bodyExample: { token: EXAMPLE_TOKEN },
    json: [EMAIL_CHANGED],
    page: {
      status: 303,
      description: 'Redirects to the result page (Post/Redirect/Get).',
      location: '/confirm-email-change/done',
    },
    errors: ['EMAIL_CHANGE_TOKEN_INVALID', 'UNAUTHENTICATED', ...BODY_ERRORS],
    rateLimits: ['confirmEmailChange', 'codeFailuresPerEmail'],
  },
  emailChangedPage: {
    method: 'get',
    path: '/confirm-email-change/done',
    operationId: 'emailChangedPage',
    tag: 'Account',
    summary: 'Email changed (HTML)',
    description: 'Where the confirm button goes: the new address, with a link to log in.',
    page: { status: 200, description: 'The result page.' },
    errors: PAGE_ERRORS,
  },
  sessions: {
    method: 'get',
    path: '/account/sessions',
    operationId: 'sessions',
    tag: 'Account',
    summary: "The user's sessions",
    auth: ['bearer', 'cookie'],
    json: [
      {
        status: 200,
        description: 'Newest first; `current` marks the one of this request.',
        schema: SessionsResponse,
        example: {
          sessions: [
            {
              id: 'k3Jx9YyU3vKpZ0c7fN1sTg',
              created_at: '2026-12-02T19:32:12Z',
              last_seen_at: '2026-12-02T19:40:02Z',
              ip: '203.0.113.7',
              user_agent: 'curl/8.5.0',
              device: 'curl',
              current: true,
            },
          ],
        },
      },
    ],
    page: { status: 200, description: 'The sessions page, each with a "sign out" button.' },
    redirect: ACCOUNT_SIGN_IN('/account/sessions'),
    errors: ['UNAUTHENTICATED', ...PAGE_ERRORS],
  },
  revokeSession: {
    method: 'post',
    path: '/account/sessions/revoke',
    operationId: 'revokeSession',
    tag: 'Account',
    summary: 'End one session',
    description: 'Ends it at once everywhere; ending the current one is a log-out.',
    auth: ['bearer', 'cookie'],
    body: SessionIdInput,
    bodyExample: { session_id: 'k3Jx9YyU3vKpZ0c7fN1sTg' },
    json: [
      {
        status: 200,
        description: 'Ended.',
        schema: MessageResponse,
        example: { message: 'Session revoked' },
      },
    ],
    page: {
      status: 303,
      description: 'Redirects to `/account/sessions`.',
      location: '/account/sessions',
    },
    errors: ['UNAUTHENTICATED', 'SESSION_NOT_FOUND', ...BODY_ERRORS],
  },
  revokeOtherSessions: {
    method: 'post',
    path: '/account/sessions/revoke-others',
    operationId: 'revokeOtherSessions',
    tag: 'Account',
    summary: 'End every other session',
    auth: ['bearer', 'cookie'],
    json: [
      {
        status: 200,
        description: 'Ended.',
        schema: OtherSessionsRevokedResponse,
        example: { message: 'Other sessions revoked', sessions_revoked: 2 },
      },
    ],
    page: {
      status: 303,
      description: 'Redirects to `/account/sessions`.',
      location: '/account/sessions',
    },
    errors: ['UNAUTHENTICATED', ...BODY_ERRORS],
  },
  deleteAccountPage: {
    method: 'get',
    path: '/account/delete',
    operationId: 'deleteAccountPage',
    tag: 'Account',
    summary: 'Delete-account form (HTML)',
    auth: ['cookie'],
    page: { status: 200, description: 'The delete-account form, saying what is deleted.' },
    redirect: ACCOUNT_SIGN_IN('/account/delete'),
    errors: ['UNAUTHENTICATED', ...PAGE_ERRORS],
  },
  deleteAccount: {
    method: 'post',
    path: '/account/delete',
    operationId: 'deleteAccount',
    tag: 'Account',
    summary: 'Delete the account',
    description:
      'Asks for the current password. Ends every session, removes the user, their tokens, ' +
      'pending email change and unsent mail, mails "Your account was deleted" and emits ' +
      '`user.deleted`. The email can register again at once.',
    auth: ['bearer', 'cookie'],
    body: CurrentPasswordInput,
    bodyExample: { current_password: EXAMPLE_PASSWORD },
    json: [
      {
        status: 200,
        description: 'Deleted; the session cookie is cleared.',
        schema: MessageResponse,
        headers: ['Set-Cookie'],
        example: { message: 'Account deleted' },
      },
    ],
    page: { status: 303, description: 'Redirects to `/` with a notice.', location: '/' },
    errors: REAUTH_ERRORS,
  },
} as const satisfies Record<string, Operation>

export type Operations = typeof operations
