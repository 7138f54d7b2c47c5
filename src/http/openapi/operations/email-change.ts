// Email change: the request, the link mailed to the new address, its confirm button.
import { ChangeEmailInput, ConfirmEmailChangeBody, TokenInput } from '../../inputs'
import { MessageResponse } from '../schemas'
import {
  ACCOUNT_SIGN_IN,
  BODY_ERRORS,
  CODE_NOTE,
  EXAMPLE_PASSWORD,
  EXAMPLE_TOKEN,
  PAGE_ERRORS,
  REAUTH_ERRORS,
} from './shared'
import type { JsonAnswer, Operation } from './types'

const EMAIL_CHANGED = {
  status: 200,
  description: 'Changed. A token used again answers 400.',
  schema: MessageResponse,
  example: { message: 'Email changed successfully' },
} as const satisfies JsonAnswer

export const emailChangeOperations = {
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
} as const satisfies Record<string, Operation>
