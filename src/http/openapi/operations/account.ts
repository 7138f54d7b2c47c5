// The account itself and its password change.
import { ChangePasswordInput } from '../../inputs'
import { AccountResponse, PasswordChangedResponse } from '../schemas'
import {
  ACCOUNT_SIGN_IN,
  EXAMPLE_EMAIL,
  EXAMPLE_PASSWORD,
  PAGE_ERRORS,
  REAUTH_ERRORS,
} from './shared'
import type { Operation } from './types'

export const accountOperations = {
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
} as const satisfies Record<string, Operation>
