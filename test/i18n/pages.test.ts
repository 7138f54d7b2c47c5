// Every page in every language: `<html lang>`, no placeholder left, no English sentence on a
// German or French page (walking the English catalogue), and a few key strings per language.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { de } from '../../src/i18n/de'
import { en } from '../../src/i18n/en'
import { fr } from '../../src/i18n/fr'
import { LANGUAGES, type Lang } from '../../src/i18n/translate'
import { APP_URL, createTestApp, type TestApp, uniqueEmail } from '../support/app'

let t: TestApp
let cookie: string
beforeAll(async () => {
  t = await createTestApp()
  cookie = (await t.signUp()).cookie
}, 30_000)
afterAll(() => t.close())

const form = (body: Record<string, string>) => ({
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    origin: APP_URL,
    accept: 'text/html',
  },
  body: new URLSearchParams(body).toString(),
})

/** Every page a person can meet: forms, results, mailed-link pages, failures, error pages. */
const PAGES: [name: string, path: string, init?: RequestInit, signedIn?: boolean][] = [
  ['home', '/'],
  ['home signed in', '/', undefined, true],
  ['account', '/account', undefined, true],
  ['sign-up', '/register'],
  ['sign-up failed', '/register', form({ email: 'nope', password: 'short' })],
  ['log-in', '/login'],
  ['log-in failed', '/login', form({ email: uniqueEmail(), password: 'wrong password here' })],
  ['forgot password', '/request-password-reset'],
  ['forgot password failed', '/request-password-reset', form({ email: 'nope' })],
  ['resend failed', '/resend-verification', form({ email: 'nope' })],
  ['check inbox (sign-up)', '/register/check-inbox'],
  ['check inbox (resend)', '/resend-verification/check-inbox'],
  ['check inbox (reset)', '/request-password-reset/check-inbox'],
  ['verified', '/verify-email/done'],
  ['reset done', '/reset-password/done'],
  ['verify confirm', '/verify-email?token=abc'],
  ['verify link failed', '/verify-email', form({ token: 'abc' })],
  ['reset form', '/reset-password?token=abc'],
  ['reset link failed', '/reset-password', form({ token: 'abc', new_password: 'x'.repeat(20) })],
  [
    'reset mismatch',
    '/reset-password',
    form({ token: 'abc', new_password: 'violet kayak harbor 2031', confirm_new_password: 'no' }),
  ],
  ['not found', '/nowhere'],
  ['method not allowed', '/register', { method: 'DELETE', headers: { accept: 'text/html' } }],
  ['dev mailbox', '/dev/mailbox'],
  // Account self-service: the forms, the sessions page, and each form refused.
  ['change password', '/account/password', undefined, true],
  [
    'change password failed',
    '/account/password',
    form({ current_password: 'not the password at all', new_password: 'short' }),
    true,
  ],
  [
    'change password mismatch',
    '/account/password',
    form({
      current_password: 'correct horse battery staple',
      new_password: 'violet kayak harbor 2031',
      confirm_new_password: 'no',
    }),
    true,
  ],
  ['change email', '/account/email', undefined, true],
  [
    'change email failed',
    '/account/email',
    form({ current_password: 'not the password at all', new_email: 'nope' }),
    true,
  ],
  ['sessions', '/account/sessions', undefined, true],
  ['sessions revoke failed', '/account/sessions/revoke', form({ session_id: 'nope' }), true],
  ['delete account', '/account/delete', undefined, true],
  [
    'delete account failed',
    '/account/delete',
    form({ current_password: 'not the password at all' }),
    true,
  ],
  ['email change confirm', '/confirm-email-change?token=abc'],
  ['email change link failed', '/confirm-email-change', form({ token: 'abc' })],
  ['email changed (no notice)', '/confirm-email-change/done'],
]

async function render(lang: Lang, path: string, init: RequestInit = {}, signedIn = false) {
  const headers = new Headers(init.headers)
  headers.set('accept', headers.get('accept') ?? 'text/html')
  headers.set(
    'cookie',
    [`lang=${lang}`, signedIn && `session_id=${cookie}`].filter(Boolean).join('; '),
  )
  const res = await t.request(path, { ...init, headers }, '127.0.0.1')
  return { status: res.status, html: await res.text() }
}

/** The text a reader sees, entities decoded. */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')

/** Pieces of English sentences (between placeholders) that a page in `lang` must not show. */
function englishPieces(lang: Lang): string[] {
  // The catalogue itself, not its translator: a key it lacks (English at runtime) counts.
  const catalogue: Record<string, unknown> = { de, fr }[lang as 'de' | 'fr']
  return Object.entries(en).flatMap(([key, value]) => {
    if (typeof value !== 'string' || catalogue[key] === value) return []
    return value
      .split(/\{\w+\}/)
      .filter((piece) => piece.trim().length >= 12 && piece.includes(' '))
  })
}

describe('every page in every language', () => {
  for (const lang of LANGUAGES) {
    test(`${lang}: <html lang="${lang}">, no placeholder left, no sentence of another language`, async () => {
      const foreign = lang === 'en' ? [] : englishPieces(lang)
      for (const [name, path, init, signedIn] of PAGES) {
        const { status, html } = await render(lang, path, init, signedIn)
        expect({ name, status: status < 500 }).toEqual({ name, status: true })
        expect({ name, lang: /<html lang="(\w+)"/.exec(html)?.[1] }).toEqual({ name, lang })
        const text = visible(html)
        expect({ name, placeholders: text.match(/\{\w+\}/g) }).toEqual({ name, placeholders: null })
        const leaked = foreign.filter((piece) => text.includes(piece))
        expect({ name, leaked }).toEqual({ name, leaked: [] })
      }
    })
  }
})

describe('key strings', () => {
  const KEY_STRINGS: Record<Lang, [path: string, phrases: string[]][]> = {
    en: [
      ['/login', ['Log in', 'Forgot your password?', 'Didn&#39;t get the verification email?']],
      ['/register', ['Create your account', 'At least 15 characters']],
    ],
    de: [
      ['/login', ['Anmelden', 'Passwort vergessen?', 'Keine Bestätigungs-E-Mail erhalten?']],
      ['/register', ['Konto erstellen', 'Mindestens 15 Zeichen', 'Ihre E-Mail-Adresse']],
      ['/nowhere', ['Seite nicht gefunden', 'Fehler 404']],
    ],
    fr: [
      ['/login', ['Connexion', 'Mot de passe oublié\u202f?', 'Se connecter']],
      ['/register', ['Créer votre compte', 'Au moins 15 caractères']],
      ['/nowhere', ['Page introuvable', 'Erreur 404']],
    ],
  }
  for (const lang of LANGUAGES) {
    test(`${lang}: the log-in, sign-up and error pages say what they should`, async () => {
      for (const [path, phrases] of KEY_STRINGS[lang]) {
        const { html } = await render(lang, path)
        for (const phrase of phrases)
          expect({ path, has: phrase, found: html.includes(phrase) }).toEqual({
            path,
            has: phrase,
            found: true,
          })
      }
    })
  }

  test('the account page writes its date in the reader language', async () => {
    const { html } = await render('de', '/account', {}, true)
    expect(html).toMatch(
      /<time datetime="[^"]+">\d{1,2}\. \p{L}+ \d{4} um \d{2}:\d{2}:\d{2} UTC<\/time>/u,
    )
  })

  test('a form re-rendered in German names the field errors in German', async () => {
    const { status, html } = await render(
      'de',
      '/register',
      form({ email: 'nope', password: 'short' }),
    )
    expect(status).toBe(422)
    expect(html).toContain('<title>Fehler: Konto erstellen')
    expect(html).toContain('Bitte geben Sie eine gültige E-Mail-Adresse ein')
  })

  test('a 429 page counts its seconds in the reader language', async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_REGISTER: '1/60s' } })
    try {
      const post = () =>
        limited.request('/register', {
          ...form({ email: uniqueEmail(), password: 'x' }),
          headers: { ...form({}).headers, cookie: 'lang=de' },
        })
      await post()
      const res = await post()
      expect(res.status).toBe(429)
      expect(await res.text()).toMatch(/Bitte warten Sie <strong>\d+ Sekunden?<\/strong>/)
    } finally {
      await limited.close()
    }
  })
})
