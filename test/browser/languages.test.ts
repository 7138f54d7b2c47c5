// The pages in German (and French) in a real browser: the footer switch on the log-in page, the
// sign-up walked in German with its German mail, axe-clean, and German screenshots at 1280 and
// 390 px with nothing scrolling sideways (the long German words must wrap).
import { afterAll, beforeAll, expect, test } from 'bun:test'
import type { Page, Response } from 'playwright-core'
import {
  createInspector,
  describeInChromium,
  follow,
  newContext,
  type RunningApp,
  redirectStatus,
  STRONG_PASSWORD,
  type Stack,
  startStack,
  submit,
} from './support'

describeInChromium('in Chromium, in German', () => {
  let stack: Stack
  let app: RunningApp
  let page: Page
  const inspector = createInspector()

  beforeAll(async () => {
    stack = await startStack()
    app = stack.app
    page = await (await newContext(stack.browser)).newPage()
    inspector.watch(page)
  }, 60_000)

  afterAll(() => stack?.close(), 30_000)

  async function look(name: string, response: Response | null, lang = 'de') {
    expect(await page.locator('html').getAttribute('lang')).toBe(lang)
    await inspector.expectClean(page, `lang-${name}`, response?.status())
  }

  const heading = () => page.locator('h1').textContent()
  const path = () => new URL(page.url()).pathname

  test('the footer switch on the log-in page, then sign-up, mail, confirm and log-in in German', async () => {
    const email = `deutsch-${crypto.randomUUID().slice(0, 12)}@example.com`
    let res = await page.goto(`${app.url}/login`)
    expect(await heading()).toBe('Log in')
    res = await submit(page, 'Deutsch')
    expect(await redirectStatus(res)).toBe(303)
    expect(path()).toBe('/login')
    expect(await heading()).toBe('Anmelden')
    await look('login', res)

    res = await follow(page, 'Konto erstellen')
    expect(path()).toBe('/register')
    expect(await heading()).toBe('Konto erstellen')
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('keine-adresse')
    await page.getByLabel('Passwort', { exact: true }).fill('kurz')
    res = await submit(page, 'Konto erstellen')
    expect(res.status()).toBe(422)
    expect(await page.title()).toStartWith('Fehler: Konto erstellen')
    expect(await page.locator('#field-email-error').textContent()).toContain(
      'Bitte geben Sie eine gültige E-Mail-Adresse ein',
    )
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email)
    await page.getByLabel('Passwort', { exact: true }).fill('kurz')
    res = await submit(page, 'Konto erstellen')
    expect(await page.locator('#field-password-error').textContent()).toContain(
      'Das Passwort muss mindestens 15 Zeichen lang sein.',
    )
    await look('register-error', res)

    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email)
    await page.getByLabel('Passwort', { exact: true }).fill(STRONG_PASSWORD)
    res = await submit(page, 'Konto erstellen')
    expect(await redirectStatus(res)).toBe(303)
    expect(path()).toBe('/register/check-inbox')
    expect(await heading()).toBe('Prüfen Sie Ihren Posteingang')
    expect(await page.locator('main').textContent()).toContain(
      `Wir haben einen Bestätigungslink an ${email} gesendet.`,
    )
    await look('register-check-inbox', res)

    const mail = await stack.latestMail(email, 'Bestätigen Sie Ihre E-Mail-Adresse')
    expect(mail.headers['content-language']).toBe('de')
    const link = /https?:\/\/\S+/.exec(mail.text)![0]

    res = await page.goto(link)
    expect(await heading()).toBe('E-Mail-Adresse bestätigen')
    await look('verify-confirm', res)
    res = await submit(page, 'E-Mail-Adresse bestätigen')
    expect(path()).toBe('/verify-email/done')
    expect(await page.locator('main').textContent()).toContain(
      'Ihre E-Mail-Adresse wurde bestätigt.',
    )
    await look('verify-done', res)

    res = await follow(page, 'Anmelden')
    await page.getByLabel('E-Mail-Adresse', { exact: true }).first().fill(email)
    await page.getByLabel('Passwort', { exact: true }).fill(STRONG_PASSWORD)
    res = await submit(page, 'Anmelden')
    expect(path()).toBe('/account')
    expect(await heading()).toBe('Ihr Konto')
    expect(await page.locator('time').textContent()).toMatch(/^\d{1,2}\. \p{L}+ \d{4} um /u)
    await look('account', res)

    // Signed in, the switch also changes the language of later mails.
    res = await submit(page, 'Français')
    expect(path()).toBe('/account')
    expect(await heading()).toBe('Votre compte')
    await look('account-fr', res, 'fr')
    const user = await app.deps.db.findUserByEmail(email)
    expect(user?.language).toBe('fr')
    res = await submit(page, 'Deutsch')
    expect(await heading()).toBe('Ihr Konto')
  }, 90_000)

  test('the other main pages in German at 390 px: nothing scrolls sideways, axe clean', async () => {
    const pages: [name: string, route: string, status: number, title: string][] = [
      ['home', '/', 200, 'Willkommen zurück'],
      ['forgot-password', '/request-password-reset', 200, 'Passwort vergessen?'],
      [
        'reset-password',
        `/reset-password?token=${'A'.repeat(43)}`,
        200,
        'Neues Passwort festlegen',
      ],
      [
        'resend-check-inbox',
        '/resend-verification/check-inbox',
        200,
        'Prüfen Sie Ihren Posteingang',
      ],
      ['not-found', '/nirgendwo', 404, 'Seite nicht gefunden'],
    ]
    for (const [name, route, status, title] of pages) {
      const res = await page.goto(app.url + route)
      expect({ name, status: res?.status() }).toEqual({ name, status })
      expect(await heading()).toBe(title)
      await look(name, res)
    }
    // French runs longer still: the same pages at 390 px with ?lang=fr.
    for (const [name, route, title] of [
      ['fr-home', '/', 'Bon retour parmi nous'],
      ['fr-forgot-password', '/request-password-reset', 'Mot de passe oublié\u202f?'],
      ['fr-not-found', '/nirgendwo', 'Page introuvable'],
    ] as const) {
      const res = await page.goto(`${app.url}${route}${route.includes('?') ? '&' : '?'}lang=fr`)
      expect(await heading()).toBe(title)
      await look(name, res, 'fr')
    }
    // Signed out, the login page of a German browser (Accept-Language alone) is German too.
    const context = await stack.browser.newContext({ locale: 'de-DE' })
    try {
      const fresh = await context.newPage()
      await fresh.goto(`${app.url}/login`)
      expect(await fresh.locator('html').getAttribute('lang')).toBe('de')
    } finally {
      await context.close()
    }
  }, 90_000)
})
