// A page that says one thing and offers where to go next: results, "check your inbox", errors.
import type { Child } from 'hono/jsx'
import { Flash } from '../components'
import { Layout } from '../layout'

export interface MessagePageProps {
  appName: string
  title: string
  kind?: 'info' | 'success' | 'error'
  message: string
  detail?: Child
  links?: { href: string; label: string }[]
  signedIn?: boolean
}

export const MessagePage = (p: MessagePageProps) => (
  <Layout appName={p.appName} title={p.title} signedIn={p.signedIn}>
    <Flash kind={p.kind ?? 'info'}>{p.message}</Flash>
    {p.detail && <div class="detail">{p.detail}</div>}
    {p.links && p.links.length > 0 && (
      <ul class="links">
        {p.links.map((l) => (
          <li>
            <a href={l.href}>{l.label}</a>
          </li>
        ))}
      </ul>
    )}
  </Layout>
)
