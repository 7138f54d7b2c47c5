// Error pages (403, 404, 405, 429, 500, 503, …): what happened, how long to wait, the request id to quote.
import { Layout } from '../layout'
import { NextSteps } from './message-page'

export interface ErrorPageProps {
  appName: string
  status: number
  title: string
  message: string
  /** Seconds, from Retry-After. */
  retryAfter?: string
  /** Shown on 500s so a report can be matched with the server's log line. */
  requestId?: string
  /** One more sentence of help (development hints, what to try). */
  hint?: string
}

export const ErrorPage = (p: ErrorPageProps) => (
  <Layout appName={p.appName} title={p.title}>
    <div class="flash flash-error" role="alert">
      <p class="flash-title">{p.message}</p>
    </div>
    {p.retryAfter && (
      <p class="wait">
        Please wait <strong>{seconds(p.retryAfter)}</strong> before trying again.
      </p>
    )}
    {p.hint && <p>{p.hint}</p>}
    {p.requestId && (
      <p class="request-id">
        If this keeps happening, send us this request id: <code>{p.requestId}</code>
      </p>
    )}
    <p class="status-code">Error {p.status}</p>
    <NextSteps links={[{ href: '/', label: 'Go to the home page' }]} />
  </Layout>
)

const seconds = (value: string) => (value === '1' ? '1 second' : `${value} seconds`)
