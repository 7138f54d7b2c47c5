// Deleting the account, behind the current password.
import { CurrentPasswordInput } from '../../inputs'
import { MessageResponse } from '../schemas'
import { ACCOUNT_SIGN_IN, EXAMPLE_PASSWORD, PAGE_ERRORS, REAUTH_ERRORS } from './shared'
import type { Operation } from './types'

export const deleteAccountOperations = {
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
