// Liveness and readiness probes for orchestrators and load balancers.
import { HealthResponse, ReadyResponse } from '../schemas'
import type { Operation } from './types'

export const probeOperations = {
  healthz: {
    method: 'get',
    path: '/healthz',
    operationId: 'healthz',
    tag: 'Service',
    summary: 'Liveness',
    description: 'The process is alive. Not rate limited.',
    json: [
      { status: 200, description: 'Alive.', schema: HealthResponse, example: { status: 'ok' } },
    ],
    errors: ['METHOD_NOT_ALLOWED'],
  },
  readyz: {
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    tag: 'Service',
    summary: 'Readiness',
    description:
      'Postgres and Redis answer (and how mail fares, and the mail backlog). Not rate limited.',
    json: [
      {
        status: 200,
        description: 'Ready.',
        schema: ReadyResponse,
        example: {
          status: 'ok',
          checks: { database: 'ok', redis: 'ok', mail: 'ok' },
          outbox: { pending: 0, oldest_pending_seconds: null },
        },
      },
      {
        status: 503,
        description: 'A dependency is down; `checks` names it.',
        schema: ReadyResponse,
        headers: ['Retry-After'],
        example: {
          status: 'unavailable',
          checks: { database: 'ok', redis: 'down', mail: 'ok' },
        },
      },
    ],
    errors: ['METHOD_NOT_ALLOWED'],
  },
} as const satisfies Record<string, Operation>
