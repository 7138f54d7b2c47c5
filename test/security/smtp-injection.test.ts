// SMTP header and command injection through the email field: refused with 422, no extra recipient.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { createTestApp, STRONG_PASSWORD, type TestApp } from '../support/app'
import { freshIp, json, mailsTo, multipart, SAME_ORIGIN, urlencoded } from './helpers'

// Under load, starting the embedded database alone can take longer than bun's 5 s default.
setDefaultTimeout(60_000)

const EVIL = 'evil.example'

let t: TestApp
let victim: string
let pending: string
let firstMail: number
beforeAll(async () => {
  t = await createTestApp()
  // The SMTP server is shared by every test file of the process: look only at this file's mails.
  firstMail = t.smtp.messages.length
  victim = (await t.signUp()).email
  pending = `pending-${crypto.randomUUID().slice(0, 8)}@example.com`
  expect(
    (await t.json('POST', '/register', { email: pending, password: STRONG_PASSWORD })).status,
  ).toBe(201)
  await t.mail(pending, 'Verify your email address')
})
afterAll(() => t.close())

/** A real account's address with something riding on it: headers, SMTP commands, more addresses. */
const payloads = (email: string) => [
  `${email}\r\nBcc: attacker@${EVIL}`,
  `${email}\nBcc: attacker@${EVIL}`,
  `${email}\rCc: attacker@${EVIL}`,
  `${email}\r\nRCPT TO:<attacker@${EVIL}>`,
  `${email}>\r\nRCPT TO:<attacker@${EVIL}`,
  `${email}\r\n\r\n.\r\nMAIL FROM:<x@${EVIL}>\r\nRCPT TO:<attacker@${EVIL}>`,
  `${email}%0d%0aBcc:attacker@${EVIL}`,
  `${email},attacker@${EVIL}`,
  `${email};attacker@${EVIL}`,
  `${email} attacker@${EVIL}`,
  `<attacker@${EVIL}>${email}`,
  `"${email}\r\nBcc: attacker@${EVIL}"@example.com`,
  `${email}\u2028Bcc: attacker@${EVIL}`,
  `${email}\u0085Bcc: attacker@${EVIL}`,
  `${email}\u0000attacker@${EVIL}`,
]

const ROUTES: [string, (email: string) => Record<string, string>, () => string][] = [
  ['/request-password-reset', (email) => ({ email }), () => victim],
  ['/resend-verification', (email) => ({ email }), () => pending],
  ['/register', (email) => ({ email, password: STRONG_PASSWORD }), () => victim],
]

describe('CR/LF and friends in the email field', () => {
  for (const [route, body, target] of ROUTES) {
    test(`${route}: 422 on the email field (JSON, url-encoded, multipart)`, async () => {
      for (const payload of payloads(target())) {
        const viaJson = await t.request(route, json(body(payload)), freshIp())
        expect({ payload, status: viaJson.status }).toEqual({ payload, status: 422 })
        expect(((await viaJson.json()) as { detail: { loc: string[] }[] }).detail[0]!.loc).toEqual([
          'body',
          'email',
        ])
        for (const encode of [urlencoded, multipart]) {
          const page = await t.request(route, encode(body(payload), SAME_ORIGIN), freshIp())
          expect({ payload, status: page.status }).toEqual({ payload, status: 422 })
        }
      }
    })
  }

  test('the SMTP server received no extra recipient, header or message', async () => {
    await t.deps.settled()
    await Bun.sleep(200)
    const mails = t.smtp.messages.slice(firstMail)
    expect(mails.length).toBeGreaterThan(0)
    for (const mail of mails) {
      const seen = JSON.stringify([mail.envelope, mail.to, mail.headers, mail.from])
      expect(seen).not.toContain(EVIL)
      expect(mail.envelope.to).toHaveLength(1)
      expect(mail.headers.bcc).toBeUndefined()
      expect(mail.headers.cc).toBeUndefined()
    }
    // Not one more mail to the accounts themselves: the refused requests sent nothing.
    expect(mailsTo(t, victim).filter((m) => m.subject === 'Reset your password')).toHaveLength(0)
    expect(
      mailsTo(t, pending).filter((m) => m.subject === 'Verify your email address'),
    ).toHaveLength(1)
  })

  test('control: a trailing line break is trimmed, and the mail goes to that one address only', async () => {
    expect(
      (await t.request('/request-password-reset', json({ email: `${victim}\r\n` }), freshIp()))
        .status,
    ).toBe(200)
    const mail = await t.mail(victim, 'Reset your password')
    expect(mail.envelope.to).toEqual([victim])
    expect(mail.to).toEqual([victim])
    expect(mail.headers.bcc).toBeUndefined()
  })
})
