// A page that says one thing and offers where to go next: results, "check your inbox", errors.
import type { Child } from 'hono/jsx'
import { Flash } from '../components'
import { Layout, type PageEnv } from '../layout'

export type Link = { href: string; label: string }

export interface MessagePageProps extends PageEnv {
  title: string
  kind?: 'info' | 'success' | 'error'
  message: string
  detail?: Child
  /** The first link is the way forward (a button); the others are alternatives. */
  links?: Link[]
  signedIn?: boolean
}

export const MessagePage = (p: MessagePageProps) => (
  <Layout env={p} title={p.title} signedIn={p.signedIn}>
    <Flash kind={p.kind ?? 'info'}>{p.message}</Flash>
    {p.detail && <div class="detail">{p.detail}</div>}
    <NextSteps links={p.links} />
  </Layout>
)

export const NextSteps = (p: { links?: Link[] }) =>
  p.links && p.links.length > 0 ? (
    <p class="actions">
      {p.links.map((l, i) => (
        <a class={i === 0 ? 'button button-primary' : 'button button-secondary'} href={l.href}>
          {l.label}
        </a>
      ))}
    </p>
  ) : null
