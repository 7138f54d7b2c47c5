// The home route: the service name and version, or the home page.
import { RootResponse } from '../schemas'
import { PAGE_ERRORS } from './shared'
import type { Operation } from './types'

export const rootOperations = {
  root: {
    method: 'get',
    path: '/',
    operationId: 'root',
    tag: 'Service',
    summary: 'Service name and version',
    json: [
      {
        status: 200,
        description: 'The API name and version.',
        schema: RootResponse,
        example: { message: 'Gatehouse API', version: '0.1.0' },
      },
    ],
    page: {
      status: 200,
      description:
        'The home page: sign up / log in, or the account when a session cookie is present.',
    },
    errors: PAGE_ERRORS,
  },
} as const satisfies Record<string, Operation>
