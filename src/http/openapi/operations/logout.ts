// Log-out: the session of the token and/or the cookie ends.
import { MessageResponse } from '../schemas'
import type { Operation } from './types'

export const logoutOperations = {
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
} as const satisfies Record<string, Operation>
