// Mails in the language the user chose at sign-up (or switched to), through the real SMTP
// server: subject, HTML and text parts, Content-Language, the outbox row's language.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'drizzle-orm'
import { rowsOf } from '../../src/db/users'
import type { Lang } from '../../src/i18n/translate'
import {
  APP_URL,
  createTestApp,
  STRONG_PASSWORD,
  type TestApp,
  testDatabase,
  uniqueEmail,
} from '../support/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
}, 30_000)
afterAll(() => t.close())

const NEW_PASSWORD = 'a brand new passphrase for the test'

const SUBJECTS: Record<Lang, { verify: string; reset: string; changed: string }> = {
  en: {
    verify: 'Verify your email address',
    reset: 'Reset your password',
    changed: 'Your password was changed',
  },
  de: {
    verify: 'Bestätigen Sie Ihre E-Mail-Adresse',
    reset: 'Setzen Sie Ihr Passwort zurück',
    changed: 'Ihr Passwort wurde geändert',
  },
  fr: {
    verify: 'Confirmez votre adresse e-mail',
    reset: 'Réinitialisez votre mot de passe',
    changed: 'Votre mot de passe a été modifié',
  },
}
const LIFETIMES: Record<Lang, { day: string; hour: string }> = {
  en: {
    day: 'This link will expire in 24 hours.',
    hour: 'This link will expire in 1 hour and works once.',
  },
  de: {
    day: 'Dieser Link ist 24 Stunden lang gültig.',
    hour: 'Dieser Link ist 1 Stunde lang gültig',
  },
  fr: { day: 'Ce lien est valable 24\u00a0heures.', hour: 'Ce lien est valable 1\u00a0heure' },
}

/** Signs up by the sign-up form of a browser that speaks `lang`, as a person would. */
async function signUpByForm(lang: Lang, how: 'cookie' | 'accept-language') {
  const email = uniqueEmail(`mail-${lang}`)
  const res = await t.request('/register', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: APP_URL,
      ...(how === 'cookie' ? { cookie: `lang=${lang}` } : { 'accept-language': lang }),
    },
    body: new URLSearchParams({ email, password: STRONG_PASSWORD }).toString(),
  })
  expect(res.status).toBe(303)
  return email
}

async function outboxLanguages(email: string) {
  const db = await testDatabase()
  const rows = rowsOf<{ kind: string; language: string }>(
    await db.db.execute(
      sql`select kind, language from mail_outbox where address = ${email} order by id`,
    ),
  )
  return rows.map((r) => `${r.kind}:${r.language}`)
}

/** The verification, reset and "password changed" mails of one user, in their order. */
async function walkMails(email: string, lang: Lang) {
  const verify = await t.mail(email, SUBJECTS[lang].verify)
  expect((await t.json('POST', '/verify-email', { token: verify.token })).status).toBe(200)
  // A JSON client with no language of its own: the mail still follows the user's.
  expect((await t.json('POST', '/request-password-reset', { email })).status).toBe(200)
  const reset = await t.mail(email, SUBJECTS[lang].reset)
  const done = await t.json('POST', '/reset-password', {
    token: reset.token,
    new_password: NEW_PASSWORD,
  })
  expect(done.status).toBe(200)
  const changed = await t.mail(email, SUBJECTS[lang].changed)
  return { verify, reset, changed }
}

describe('mails in the language of the user', () => {
  for (const [lang, how] of [
    ['de', 'cookie'],
    ['fr', 'accept-language'],
    ['en', 'cookie'],
  ] as const) {
    test(`signed up in ${lang} (${how}): verification, reset and "password changed" in ${lang}`, async () => {
      const email = await signUpByForm(lang, how)
      const mails = await walkMails(email, lang)
      for (const mail of Object.values(mails)) {
        expect(mail.headers['content-language']).toBe(lang)
        expect(mail.html).toContain(`<html lang="${lang}">`)
      }
      expect(mails.verify.text).toContain(LIFETIMES[lang].day)
      expect(mails.verify.html).toContain(LIFETIMES[lang].day)
      expect(mails.reset.text).toContain(LIFETIMES[lang].hour)
      expect(mails.changed.text).toContain(`${APP_URL}/request-password-reset`)
      expect(await outboxLanguages(email)).toEqual([
        `verify_email:${lang}`,
        `password_reset:${lang}`,
        `password_changed:${lang}`,
      ])
    }, 30_000)
  }

  test('German mails address the reader formally and say what to do if it was not them', async () => {
    const email = await signUpByForm('de', 'cookie')
    const { verify, reset, changed } = await walkMails(email, 'de')
    expect(verify.text).toContain(
      'Falls Sie kein Konto erstellt haben, können Sie diese E-Mail einfach ignorieren.',
    )
    expect(reset.text).toContain('Ihr Passwort bleibt unverändert.')
    expect(changed.text).toContain('Falls Sie das selbst waren')
    expect(verify.html).toContain('E-Mail-Adresse bestätigen')
  }, 30_000)

  test('an English user who switches to French gets the next mails in French', async () => {
    const user = await t.signUp()
    await t.request('/language', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: APP_URL,
        cookie: `session_id=${user.cookie}`,
      },
      body: 'lang=fr&next=%2Faccount',
    })
    expect((await t.json('POST', '/request-password-reset', { email: user.email })).status).toBe(
      200,
    )
    const reset = await t.mail(user.email, SUBJECTS.fr.reset)
    expect(reset.headers['content-language']).toBe('fr')
  }, 30_000)

  test('a queued mail keeps the language it was queued in, whatever the user switches to', async () => {
    const email = await signUpByForm('de', 'cookie')
    await t.mail(email, SUBJECTS.de.verify)
    const user = (await t.deps.db.findUserByEmail(email))!
    const queued = await t.deps.db.enqueueMail({ kind: 'password_reset', user, now: t.clock.now() })
    await t.deps.db.setUserLanguage(user.id, 'fr', t.clock.now())
    const { deliverMail } = await import('../../src/mail/outbox')
    expect(await deliverMail(t.deps, queued)).toBe(true)
    const reset = await t.mail(email, SUBJECTS.de.reset)
    expect(reset.headers['content-language']).toBe('de')
  }, 30_000)
})
