// The development mailbox: the mails the dev mailer kept, newest first, so sign-up works without SMTP.
import { Hono } from 'hono'
import { DevMailboxPage } from '../../../views/pages/dev-mailbox'
import type { AppEnv, Deps } from '../../deps'
import { respondError } from '../respond'

const PATH = '/dev/mailbox'

/** Never in production: the page shows live link tokens to whoever asks. */
export const devMailboxPath = (deps: Deps): string | undefined =>
  deps.devMailbox && deps.config.env !== 'production' ? PATH : undefined

/** The links of a "check your inbox" page: the dev mailbox first where it exists, then the way on. */
export function checkInboxLinks(deps: Deps, next: { href: string; label: string }) {
  const mailbox = devMailboxPath(deps)
  return mailbox ? [{ href: mailbox, label: 'Open the dev mailbox' }, next] : [next]
}

// Registered for every method so that, where it is off, no `Allow` header hints that it exists.
export const devMailboxRoutes = new Hono<AppEnv>().all(PATH, (c) => {
  const { deps } = c.var
  if (!deps.devMailbox || !devMailboxPath(deps)) return respondError(c, 'NOT_FOUND')
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD')
    return respondError(c, 'METHOD_NOT_ALLOWED', { headers: { Allow: 'GET, HEAD' } })
  const mails = deps.devMailbox.list()
  if (!c.var.html) {
    return c.json({
      mails: mails.map((m) => ({
        id: m.id,
        to: m.to,
        subject: m.subject,
        sent_at: m.sentAt.toISOString(),
        links: m.links,
        text: m.text,
      })),
    })
  }
  return c.html(<DevMailboxPage appName={deps.config.appName} mails={mails} />)
})
