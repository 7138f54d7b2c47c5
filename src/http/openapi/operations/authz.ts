// Forward auth: the reverse proxy asks whether a request has a live session.
import { AuthzResponse } from '../schemas'
import type { Operation } from './types'

export const authzOperations = {
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
} as const satisfies Record<string, Operation>
