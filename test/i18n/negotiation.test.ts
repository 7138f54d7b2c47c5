// Which language a page speaks: ?lang=, then the lang cookie, then Accept-Language, then en;
// the footer switch; JSON stays the contract's English whatever the language.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { APP_URL, createTestApp, type TestApp, uniqueEmail } from '../support/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
}, 30_000)
afterAll(() => t.close())

async function pageLang(path: string, headers: Record<string, string> = {}) {
  const res = await t.request(path, { headers: { accept: 'text/html', ...headers } })
  return /<html lang="(\w+)"/.exec(await res.text())?.[1]
}

describe('negotiation order', () => {
  test('nothing said: English', async () => {
    expect(await pageLang('/login')).toBe('en')
  })

  test('Accept-Language, by quality, with regional variants matched to their language', async () => {
    expect(await pageLang('/login', { 'accept-language': 'de-CH,de;q=0.9,en;q=0.5' })).toBe('de')
    expect(await pageLang('/login', { 'accept-language': 'fr-CA' })).toBe('fr')
    expect(await pageLang('/login', { 'accept-language': 'en;q=0.4, fr;q=0.8' })).toBe('fr')
    expect(await pageLang('/login', { 'accept-language': 'ja, de;q=0.5' })).toBe('de')
  })

  test('the lang cookie beats Accept-Language; ?lang= beats both', async () => {
    const browser = { 'accept-language': 'de', cookie: 'lang=fr' }
    expect(await pageLang('/login', browser)).toBe('fr')
    expect(await pageLang('/login?lang=en', browser)).toBe('en')
    expect(await pageLang('/login?lang=de', { cookie: 'lang=fr' })).toBe('de')
  })

  test('an unknown language anywhere is skipped, and English is the last resort', async () => {
    expect(await pageLang('/login', { 'accept-language': 'xx, ja' })).toBe('en')
    expect(await pageLang('/login?lang=xx', { cookie: 'lang=fr' })).toBe('fr')
    expect(await pageLang('/login', { cookie: 'lang=klingon', 'accept-language': 'de' })).toBe('de')
    expect(await pageLang('/login?lang=<script>')).toBe('en')
  })

  test('error pages speak it too, and ?lang= alone sets no cookie', async () => {
    const res = await t.request('/nowhere?lang=de', { headers: { accept: 'text/html' } })
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('Seite nicht gefunden')
    expect(res.headers.get('set-cookie')).toBeNull()
  })
})

describe('JSON stays the contract English', () => {
  const german = { 'accept-language': 'de', cookie: 'lang=de' }

  test('errors and messages, whatever the language asked for', async () => {
    const login = await t.json(
      'POST',
      '/login?lang=de',
      { email: uniqueEmail(), password: 'wrong password here' },
      { headers: german },
    )
    expect(login.body).toEqual({ detail: 'Incorrect email or password' })
    const missing = await t.json('GET', '/nowhere?lang=fr', undefined, { headers: german })
    expect(missing.body).toEqual({ detail: 'Not Found' })
    const reset = await t.json(
      'POST',
      '/request-password-reset',
      { email: uniqueEmail() },
      { headers: german },
    )
    expect(reset.body).toEqual({ message: 'If the email exists, a reset link has been sent' })
    const invalid = await t.json(
      'POST',
      '/register',
      { email: 'nope', password: 'x' },
      { headers: german },
    )
    expect(invalid.status).toBe(422)
    expect(JSON.stringify(invalid.body)).toContain('value is not a valid email address')
  })
})

describe('POST /language (the footer switch)', () => {
  const form = (body: Record<string, string>, cookie?: string) => ({
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: APP_URL,
      ...(cookie && { cookie }),
    },
    body: new URLSearchParams(body).toString(),
  })

  test('every page has it: a form with a button per other language, back to this page', async () => {
    const res = await t.request('/login?next=%2Faccount%2Fx&lang=de', {
      headers: { accept: 'text/html' },
    })
    const html = await res.text()
    expect(html).toContain('<form method="post" action="/language"')
    expect(html).toContain('<input type="hidden" name="next" value="/login?next=%2Faccount%2Fx"/>')
    expect(html).toContain('<button type="submit" name="lang" value="fr" lang="fr"')
    expect(html).toContain('<strong lang="de" aria-current="true">Deutsch</strong>')
  })

  test('on a failed form, it returns to the page of that form, not to the post', async () => {
    const failed = await t.request('/resend-verification', {
      ...form({ email: 'nope' }),
      headers: { ...form({}).headers, accept: 'text/html' },
    })
    expect(failed.status).toBe(422)
    expect(await failed.text()).toContain('<input type="hidden" name="next" value="/login"/>')
    const register = await t.request('/register', {
      ...form({ email: 'nope', password: 'x' }),
      headers: { ...form({}).headers, accept: 'text/html' },
    })
    expect(await register.text()).toContain('<input type="hidden" name="next" value="/register"/>')
  })

  test('sets the lang cookie and answers 303 to the page it came from', async () => {
    const res = await t.request('/language', form({ lang: 'de', next: '/login?next=%2Faccount' }))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login?next=%2Faccount')
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/^lang=de;/)
    expect(cookie).toContain('Path=/')
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(await pageLang('/login', { cookie: 'lang=de', 'accept-language': 'fr' })).toBe('de')
  })

  test('never sends the browser off the app; an unknown language is a 422 page', async () => {
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example'])
      expect(
        new URL(
          (await t.request('/language', form({ lang: 'fr', next }))).headers.get('location')!,
          APP_URL,
        ).origin,
      ).toBe(APP_URL)
    expect((await t.request('/language', form({ lang: 'fr' }))).headers.get('location')).toBe('/')
    const bad = await t.request('/language', {
      ...form({ lang: 'xx' }),
      headers: { ...form({}).headers, accept: 'text/html' },
    })
    expect(bad.status).toBe(422)
  })

  test('a form from another origin is refused (CSRF)', async () => {
    const res = await t.request('/language', {
      ...form({ lang: 'de' }),
      headers: { ...form({}).headers, origin: 'https://evil.example' },
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  test('signed in, it stores the language of later mails; JSON answers the contract way', async () => {
    const user = await t.signUp()
    const cookie = `session_id=${user.cookie}`
    expect(
      (await t.request('/language', form({ lang: 'fr', next: '/account' }, cookie))).status,
    ).toBe(303)
    expect((await t.deps.db.findUserById(user.userId))?.language).toBe('fr')
    const json = await t.json(
      'POST',
      '/language',
      { lang: 'de' },
      { headers: { authorization: `Bearer ${user.accessToken}` } },
    )
    expect(json.status).toBe(200)
    expect(json.body).toEqual({ message: 'Language changed', language: 'de' })
    expect((await t.deps.db.findUserById(user.userId))?.language).toBe('de')
    // Signed out, only the cookie changes.
    const other = await t.signUp()
    await t.request('/language', form({ lang: 'fr' }))
    expect((await t.deps.db.findUserById(other.userId))?.language).toBe('en')
  })
})
