// Password reset: the request, the mailed link, the new password.
import { EmailInput, ResetPasswordBody, TokenInput } from '../../inputs'
import { MessageResponse } from '../schemas'
import {
  BODY_ERRORS,
  CODE_NOTE,
  EXAMPLE_EMAIL,
  EXAMPLE_PASSWORD,
  EXAMPLE_TOKEN,
  PAGE_ERRORS,
} from './shared'
import type { Operation } from './types'

export const resetOperations = {
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
} as const satisfies Record<string, Operation>
