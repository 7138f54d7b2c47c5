// Email verification: the mailed link, its confirm button, the code, and a resend.
import { EmailInput, TokenInput, VerifyEmailBody } from '../../inputs'
import { MessageResponse } from '../schemas'
import { BODY_ERRORS, CODE_NOTE, EXAMPLE_EMAIL, EXAMPLE_TOKEN, PAGE_ERRORS } from './shared'
import type { JsonAnswer, Operation } from './types'

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

export const verifyOperations = {
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
} as const satisfies Record<string, Operation>
