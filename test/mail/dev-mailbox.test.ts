// The development mailbox: keeps the latest mails newest first and logs their links.
import { describe, expect, test } from 'bun:test'
import { createDevMailbox, extractLinks } from '../../src/adapters/dev-mailbox'
import type { Log, LogFields } from '../../src/ports'

function recordingLog() {
  const lines: Array<{ level: string; event: string; fields: LogFields | undefined }> = []
  const log: Log = {
    info: (event, fields) => {
      lines.push({ level: 'info', event, fields })
    },
    warn: (event, fields) => {
      lines.push({ level: 'warn', event, fields })
    },
    error: (event, fields) => {
      lines.push({ level: 'error', event, fields })
    },
  }
  return { log, lines }
}

const mail = (n: number) => ({
  to: `user${n}@example.com`,
  language: 'en' as const,
  subject: `Mail ${n}`,
  text: `Open https://app.test/verify-email?token=t${n}.`,
  html: `<a href="https://app.test/verify-email?token=t${n}">open</a>`,
})

describe('createDevMailbox', () => {
  test('keeps mails newest first, up to the limit', async () => {
    const { log } = recordingLog()
    const mailbox = createDevMailbox(log, { keep: 3 })
    for (const n of [1, 2, 3, 4, 5]) await mailbox.send(mail(n))
    expect(mailbox.list().map((m) => m.subject)).toEqual(['Mail 5', 'Mail 4', 'Mail 3'])
  })

  test('keeps 50 by default', async () => {
    const mailbox = createDevMailbox(recordingLog().log)
    for (let n = 1; n <= 55; n++) await mailbox.send(mail(n))
    const kept = mailbox.list()
    expect(kept).toHaveLength(50)
    expect([kept[0]?.subject, kept[49]?.subject]).toEqual(['Mail 55', 'Mail 6'])
  })

  test('keeps every part, the links of the text part, an id and the send time', async () => {
    const sentAt = new Date('2026-01-02T03:04:05Z')
    const mailbox = createDevMailbox(recordingLog().log, { clock: { now: () => sentAt } })
    await mailbox.send(mail(7))
    const [kept] = mailbox.list()
    expect(kept).toMatchObject({
      ...mail(7),
      links: ['https://app.test/verify-email?token=t7'],
      sentAt,
    })
    expect(kept?.id).toMatch(/^[0-9a-f-]{36}$/)
  })

  test('logs one dev_mail line per mail with its links', async () => {
    const { log, lines } = recordingLog()
    const mailbox = createDevMailbox(log)
    await mailbox.send(mail(1))
    await mailbox.send(mail(2))
    expect(lines.map((l) => [l.level, l.event, l.fields?.to, l.fields?.links])).toEqual([
      ['info', 'dev_mail', 'user1@example.com', 'https://app.test/verify-email?token=t1'],
      ['info', 'dev_mail', 'user2@example.com', 'https://app.test/verify-email?token=t2'],
    ])
  })

  test('list() hands out copies', async () => {
    const mailbox = createDevMailbox(recordingLog().log)
    await mailbox.send(mail(1))
    mailbox.list()[0]?.links.push('https://evil.test')
    mailbox.list().pop()
    expect(mailbox.list().map((m) => m.links)).toEqual([['https://app.test/verify-email?token=t1']])
  })

  test('refuses a keep that is not a positive integer', () => {
    expect(() => createDevMailbox(recordingLog().log, { keep: 0 })).toThrow(RangeError)
  })
})

describe('extractLinks', () => {
  test('finds http(s) links once each, without trailing punctuation', () => {
    const text =
      'Go to https://a.test/x?token=1&y=2. Or (http://b.test/p), then https://a.test/x?token=1!\nnot ftp://c.test'
    expect(extractLinks(text)).toEqual([
      'https://a.test/x?token=1&y=2',
      'http://b.test/p',
      'https://a.test/x?token=1',
    ])
  })
})
