// The one-time code in the mails, as the real SMTP server received them: large in the HTML part,
// on its own line in the text part, with its lifetime, in the reader's language; and the code
// read from the mail is the one that works.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { Lang } from '../../src/i18n/translate'
import { APP_URL, createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
}, 30_000)
afterAll(() => t.close())

const CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/
const WORDS: Record<Lang, { label: string; day: string; hour: string; verify: string }> = {
  en: {
    label: 'On another device? Enter this code instead:',
    day: 'The code expires in 24 hours, works once',
    hour: 'The code expires in 1 hour, works once',
    verify: 'Verify your email address',
  },
  de: {
    label: 'Auf einem anderen Gerät? Geben Sie stattdessen diesen Code ein:',
    day: 'Der Code ist 24 Stunden lang gültig',
    hour: 'Der Code ist 1 Stunde lang gültig',
    verify: 'Bestätigen Sie Ihre E-Mail-Adresse',
  },
  fr: {
    label: 'Sur un autre appareil\u202f? Saisissez plutôt ce code\u202f:',
    day: 'Le code est valable 24\u00a0heures',
    hour: 'Le code est valable 1\u00a0heure',
    verify: 'Confirmez votre adresse e-mail',
  },
}

async function signUpIn(lang: Lang) {
  const email = uniqueEmail(`code-mail-${lang}`)
  const res = await t.request('/register', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: APP_URL,
      cookie: `lang=${lang}`,
    },
    body: new URLSearchParams({ email, password: STRONG_PASSWORD }).toString(),
  })
  expect(res.status).toBe(303)
  return email
}

/** The code as the HTML part shows it: its own paragraph, in a large monospaced font. */
const htmlCode = (html: string) =>
  /<p style="margin:0;font-size:32px;[^"]*monospace">([^<]+)<\/p>/.exec(html)?.[1]

describe('the code in the mails', () => {
  for (const lang of ['en', 'de', 'fr'] as const) {
    test(`${lang}: verification mail shows the code large, with its 24-hour lifetime`, async () => {
      const email = await signUpIn(lang)
      const mail = await t.mail(email, WORDS[lang].verify)
      expect(mail.code).toMatch(CODE)
      expect(htmlCode(mail.html)).toBe(mail.code!)
      expect(mail.html).toContain(WORDS[lang].label)
      expect(mail.html).toContain(WORDS[lang].day)
      const lines = mail.text.split('\n')
      expect(lines[lines.indexOf(mail.code!) - 1]).toBe(WORDS[lang].label)
      expect(lines[lines.indexOf(mail.code!) + 1]).toStartWith(WORDS[lang].day)
      expect(mail.headers['content-language']).toBe(lang)
      // The code read from the mail is the one that works.
      const ok = await t.json('POST', '/verify-email', { email, code: mail.code })
      expect(ok.status).toBe(200)
    })
  }

  test('reset mail: the code lives 1 hour; email-change mail: 24 hours', async () => {
    const user = await t.signUp()
    await t.json('POST', '/request-password-reset', { email: user.email })
    const reset = await t.mail(user.email, 'Reset your password')
    expect(reset.code).toMatch(CODE)
    expect(htmlCode(reset.html)).toBe(reset.code!)
    expect(reset.text).toContain(WORDS.en.hour)
    const newEmail = uniqueEmail('code-mail-new')
    const asked = await t.json(
      'POST',
      '/account/email',
      { current_password: STRONG_PASSWORD, new_email: newEmail },
      { headers: { authorization: `Bearer ${user.accessToken}` } },
    )
    expect(asked.status).toBe(202)
    const change = await t.mail(newEmail, 'Confirm your new email address')
    expect(change.code).toMatch(CODE)
    expect(htmlCode(change.html)).toBe(change.code!)
    expect(change.text).toContain(WORDS.en.day)
    // The notice to the old address carries no code: it proves nothing.
    const notice = await t.mail(user.email, 'Your email address is being changed')
    expect(notice.text).not.toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/m)
  })

  test('every mail has its own code: a resend mints a new one, and both work until used', async () => {
    const email = uniqueEmail('code-mail-resend')
    await t.json('POST', '/register', { email, password: STRONG_PASSWORD })
    const first = await t.mail(email, WORDS.en.verify)
    await t.json('POST', '/resend-verification', { email })
    await t.smtp.waitFor(
      () => t.smtp.messages.filter((m) => m.to.includes(email)).length === 2,
      5000,
    )
    const second = await t.mail(email, WORDS.en.verify)
    expect(second.code).not.toBe(first.code)
    expect((await t.json('POST', '/verify-email', { email, code: first.code })).status).toBe(200)
  })
})
