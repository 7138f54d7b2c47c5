// The user's sessions: the list, ending one, ending all the others.
import { SessionIdInput } from '../../inputs'
import { MessageResponse, OtherSessionsRevokedResponse, SessionsResponse } from '../schemas'
import { ACCOUNT_SIGN_IN, BODY_ERRORS, PAGE_ERRORS } from './shared'
import type { Operation } from './types'

export const sessionsOperations = {
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
} as const satisfies Record<string, Operation>
