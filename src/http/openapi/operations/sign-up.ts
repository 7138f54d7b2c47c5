// Sign-up: the form, the account creation and its "check your inbox" page.
import { RegisterInput } from '../../inputs'
import { RegisterResponse } from '../schemas'
import { BODY_ERRORS, EXAMPLE_EMAIL, EXAMPLE_PASSWORD, PAGE_ERRORS } from './shared'
import type { Operation } from './types'

export const signUpOperations = {
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
} as const satisfies Record<string, Operation>
