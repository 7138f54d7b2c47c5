// Development Mailer: keeps the latest mails in memory and logs their links, so nothing needs SMTP.
import type { Clock, Log, Mailer, MailMessage } from '../ports'

export interface KeptMail {
  id: string
  to: string
  subject: string
  /** The mail's Content-Language. */
  language: string
  html: string
  text: string
  /** The http(s) links of the text part, in order, without duplicates. */
  links: string[]
  sentAt: Date
}

export interface DevMailboxOptions {
  /** How many mails to keep, newest first (default 50). */
  keep?: number
  clock?: Clock
}

export type DevMailbox = Mailer & { list(): KeptMail[] }

export function createDevMailbox(log: Log, options: DevMailboxOptions = {}): DevMailbox {
  const keep = options.keep ?? 50
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError('keep must be a positive integer')
  const clock = options.clock ?? { now: () => new Date() }
  const mails: KeptMail[] = []

  return {
    async send(message: MailMessage) {
      const mail: KeptMail = {
        id: crypto.randomUUID(),
        to: message.to,
        subject: message.subject,
        language: message.language,
        html: message.html,
        text: message.text,
        links: extractLinks(message.text),
        sentAt: clock.now(),
      }
      mails.unshift(mail)
      mails.splice(keep)
      // Why links with tokens may be logged here: this adapter exists so a developer can
      // click them in the console; config refuses it when NODE_ENV=production.
      log.info('dev_mail', {
        id: mail.id,
        to: mail.to,
        subject: mail.subject,
        links: mail.links.join(' '),
      })
    },
    status: () => 'dev-mailbox',
    list() {
      return mails.map((mail) => ({
        ...mail,
        links: [...mail.links],
        sentAt: new Date(mail.sentAt),
      }))
    },
  }
}

export function extractLinks(text: string): string[] {
  const found = text.match(/https?:\/\/[^\s<>"'`]+/g) ?? []
  // A sentence may end right after a link: its final punctuation is not part of it.
  return [...new Set(found.map((link) => link.replace(/[.,;:!?)\]]+$/, '')))]
}
