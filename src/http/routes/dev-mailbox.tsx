// The development mailbox: the mails the dev mailer kept, newest first, so sign-up works
// without SMTP.
import { type Context, Hono } from 'hono'
import { DevMailboxPage } from '../../../views/pages/dev-mailbox'
import type { AppEnv } from '../../deps'
import { isLoopbackIp } from '../../loopback'
import { pageEnv } from '../page-env'
import { respondError } from '../respond'

const PATH = '/dev/mailbox'

/**
 * The mailbox's path when this request may see it, else undefined. It shows live link
 * tokens, so: never in production, and only to a client on this machine. Why the socket's
 * peer and not the client IP: X-Forwarded-For is written by the client. Behind a trusted
 * proxy (TRUST_PROXY) the address the proxy forwarded must be loopback too, since through a
 * proxy on this machine every client's socket peer is loopback.
 */
export function devMailboxPath(c: Context<AppEnv>): string | undefined {
  const deps = c.get('deps')
  if (!deps.devMailbox || deps.config.env === 'production') return undefined
  const peer = deps.peerAddress(c)
  if (!peer || !isLoopbackIp(peer)) return undefined
  if (deps.config.trustProxy && !isLoopbackIp(c.get('clientIp'))) return undefined
  return PATH
}

// Registered for every method so that, where it is off, no `Allow` header hints that it exists.
export const devMailboxRoutes = new Hono<AppEnv>().all(PATH, (c) => {
  const deps = c.get('deps')
  if (!deps.devMailbox || !devMailboxPath(c)) return respondError(c, 'NOT_FOUND')
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD')
    return respondError(c, 'METHOD_NOT_ALLOWED', { headers: { Allow: 'GET, HEAD' } })
  const mails = deps.devMailbox.list()
  if (!c.get('html')) {
    return c.json({
      mails: mails.map((m) => ({
        id: m.id,
        to: m.to,
        subject: m.subject,
        language: m.language,
        sent_at: m.sentAt.toISOString(),
        links: m.links,
        text: m.text,
      })),
    })
  }
  return c.html(<DevMailboxPage {...pageEnv(c)} mails={mails} />)
})
