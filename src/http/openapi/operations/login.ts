// Log-in: the form, the token and session cookie, and who is signed in.
import { LoginInput } from '../../inputs'
import { LoginResponse, MeResponse } from '../schemas'
import { BODY_ERRORS, EXAMPLE_EMAIL, EXAMPLE_JWT, EXAMPLE_PASSWORD, PAGE_ERRORS } from './shared'
import type { Operation } from './types'

export const loginOperations = {
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
} as const satisfies Record<string, Operation>
