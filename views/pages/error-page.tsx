// Error pages (403, 404, 405, 429, 500, 503, …): what happened, how long to wait, the request
// id to quote.
import { Layout, type PageEnv } from '../layout'
import { NextSteps } from './message-page'

export interface ErrorPageProps extends PageEnv {
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

export const ErrorPage = (p: ErrorPageProps) => {
  const { t } = p
  return (
    <Layout env={p} title={p.title}>
      <div class="flash flash-error" role="alert">
        <p class="flash-title">{p.message}</p>
      </div>
      {p.retryAfter && (
        <p class="wait">
          {t.rich('error.wait', {
            time: <strong>{t.plural('unit.seconds', Number(p.retryAfter))}</strong>,
          })}
        </p>
      )}
      {p.hint && <p>{p.hint}</p>}
      {p.requestId && (
        <p class="request-id">{t.rich('error.requestId', { id: <code>{p.requestId}</code> })}</p>
      )}
      <p class="status-code">{t.t('error.status', { status: p.status })}</p>
      <NextSteps links={[{ href: p.url('/'), label: t.t('error.home') }]} />
    </Layout>
  )
}
