// Every flow in a real browser (Debian's Chromium, JavaScript off): the journey from sign-up to a
// new password, the failures a person meets, error pages, CSRF, the dev mailbox. Each page is
// screenshotted at 1280 and 390 px and scanned by axe-core in light and dark.
import { afterAll, beforeAll, expect, test } from 'bun:test'
import type { Browser, Page, Response } from 'playwright-core'
import { createApp } from '../../src/app'
import type { TestSmtpServer } from '../support/smtp'
import {
  createInspector,
  describeInChromium,
  follow,
  newContext,
  RESULTS_DIR,
  type RunningApp,
  redirectStatus,
  STRONG_PASSWORD,
  type Stack,
  severe,
  startCrossOriginSite,
  startStack,
  submit,
  uniqueEmail,
} from './support'

const NEW_PASSWORD = 'a brand new passphrase for the test'
const HOUR = 3600 * 1000

describeInChromium('in Chromium', () => {
  let stack: Stack
  let smtp: TestSmtpServer
  let main: RunningApp
  let dev: RunningApp
  let browser: Browser
  let page: Page
  const inspector = createInspector()

  beforeAll(async () => {
    // Mail through a real SMTP server; resending is limited to 3 a minute so that a 429 is reachable.
    stack = await startStack({ env: { RATE_LIMIT_RESEND_VERIFICATION: '3/60s' } })
    ;({ smtp, app: main, browser } = stack)
    // No SMTP: the dev mailbox. Another host name, so the two apps' cookies stay apart.
    dev = await stack.startApp({ host: 'localhost' })
    page = await (await newContext(browser)).newPage()
    inspector.watch(page)
  }, 60_000)

  afterAll(async () => {
    inspector.writeSummary()
    await stack?.close()
  }, 30_000)

  /** Screenshots and axe for the page on screen; no serious or critical violation, no CSP report. */
  async function look(name: string, response: Response | null, status?: number) {
    if (status !== undefined) expect(response?.status()).toBe(status)
    await inspector.expectClean(page, name, response?.status())
  }

  const heading = () => page.locator('h1').textContent()
  const mainText = async () => (await page.locator('main').textContent()) ?? ''
  const path = () => new URL(page.url()).pathname

  /** A successful form post: 303 (Post/Redirect/Get) to `target`, shown with status 200. */
  async function expectRedirectedTo(res: Response, target: string) {
    expect(await redirectStatus(res)).toBe(303)
    expect(res.status()).toBe(200)
    expect(path()).toBe(target)
  }

  /**
   * Reloads the page a form post led to: the browser GETs it again (no "resend the form?"),
   * nothing is posted twice and the page still makes sense without its one-time notice.
   */
  async function reloadPostsNothing(heading: string, notIn: string[] = []) {
    const mails = smtp.messages.length
    const res = (await page.reload())!
    expect(res.request().method()).toBe('GET')
    expect(res.request().redirectedFrom()).toBeNull()
    expect(res.status()).toBe(200)
    expect(await page.locator('h1').textContent()).toBe(heading)
    const text = await mainText()
    for (const phrase of notIn) expect(text).not.toContain(phrase)
    await main.deps.settled()
    expect(smtp.messages.length).toBe(mails)
    return res
  }

  /** The link of the newest mail to `to` with `subject`, as the SMTP server received it. */
  async function mailLink(to: string, subject: string): Promise<string> {
    const mail = await stack.latestMail(to, subject)
    const link = /https?:\/\/\S+/.exec(mail.text)?.[0]
    expect(link?.startsWith(`${main.url}/`)).toBe(true)
    expect(mail.html).toContain(link!.replaceAll('&', '&amp;'))
    return link!
  }

  async function api(app: RunningApp, method: string, route: string, body?: unknown) {
    const res = await fetch(app.url + route, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as any }
  }

  /** A signed-up, verified user, made through the JSON API (the browser has its own tests for that). */
  async function createVerifiedUser(tag: string) {
    const email = uniqueEmail(tag)
    expect(
      (await api(main, 'POST', '/register', { email, password: STRONG_PASSWORD })).status,
    ).toBe(201)
    const token = new URL(await mailLink(email, 'Verify your email address')).searchParams.get(
      'token',
    )
    expect((await api(main, 'POST', '/verify-email', { token })).status).toBe(200)
    return { email }
  }

  async function logIn(app: RunningApp, email: string, password: string, from = '/login') {
    await page.goto(app.url + from)
    await page.getByLabel('Email', { exact: true }).first().fill(email)
    await page.getByLabel('Password', { exact: true }).fill(password)
    return submit(page, 'Log in')
  }

  test('the whole journey: sign up, read the mail, confirm, log in, log out, forget, reset, log in again', async () => {
    const email = uniqueEmail('journey')

    let res = await page.goto(`${main.url}/`)
    const headers = res!.headers()
    expect(headers['content-security-policy']).toContain("default-src 'self'")
    expect(headers['cache-control']).toBe('no-store')
    expect(headers['content-type']).toStartWith('text/html')
    // The stylesheet comes from the app itself and applies: the card has its rounded corners.
    expect(
      await page.evaluate("getComputedStyle(document.querySelector('main')).borderTopLeftRadius"),
    ).toBe('12px')
    expect(await heading()).toBe('Welcome to Gatehouse')
    await look('home', res, 200)

    res = await follow(page, 'Create an account')
    expect(path()).toBe('/register')
    const emailInput = page.getByLabel('Email')
    const passwordInput = page.getByLabel('Password')
    expect(await emailInput.getAttribute('type')).toBe('email')
    expect(await emailInput.getAttribute('autocomplete')).toBe('email')
    expect(await emailInput.getAttribute('required')).not.toBeNull()
    expect(await passwordInput.getAttribute('type')).toBe('password')
    expect(await passwordInput.getAttribute('autocomplete')).toBe('new-password')
    expect(await passwordInput.getAttribute('required')).not.toBeNull()
    expect(await page.getByText('At least 15 characters').isVisible()).toBe(true)
    await look('register', res, 200)

    // A refused password: the same form, the email kept, the password never echoed, the reason inline.
    await emailInput.fill(email)
    await passwordInput.fill('too short')
    res = await submit(page, 'Create account')
    expect(res.status()).toBe(422)
    expect(await page.title()).toStartWith('Error: ')
    expect(await page.getByLabel('Email').inputValue()).toBe(email)
    expect(await page.getByLabel('Password').inputValue()).toBe('')
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#field-password-error').textContent()).toContain(
      'The password must be at least 15 characters long',
    )
    expect(await page.content()).not.toContain('too short')
    await look('register-error', res)

    await page.getByLabel('Password').fill(STRONG_PASSWORD)
    res = await submit(page, 'Create account')
    await expectRedirectedTo(res, '/register/check-inbox')
    expect(await heading()).toBe('Check your inbox')
    expect(await mainText()).toContain(email)
    await look('register-check-inbox', res)
    // The reload that used to re-post the form and say "Email already registered".
    res = await reloadPostsNothing('Check your inbox', ['Email already registered', email])
    await look('register-check-inbox-reloaded', res)

    // The mail's link opens a page that only asks; the GET changes nothing.
    const verifyLink = await mailLink(email, 'Verify your email address')
    res = await page.goto(verifyLink)
    expect(res!.headers()['referrer-policy']).toBe('no-referrer')
    expect(await heading()).toBe('Confirm your email')
    expect((await api(main, 'POST', '/login', { email, password: STRONG_PASSWORD })).body).toEqual({
      detail: 'Please verify your email address',
    })
    await look('verify-confirm', res, 200)

    res = await submit(page, 'Confirm my email')
    await expectRedirectedTo(res, '/verify-email/done')
    expect(await mainText()).toContain('Email verified successfully.')
    await look('verify-done', res)
    await reloadPostsNothing('Confirm your email', ['invalid or has expired'])

    res = await follow(page, 'Log in')
    expect(path()).toBe('/login')
    expect(await page.getByLabel('Password').getAttribute('autocomplete')).toBe('current-password')
    await look('login', res, 200)

    res = await logIn(main, email, STRONG_PASSWORD)
    expect(await redirectStatus(res)).toBe(303)
    expect(path()).toBe('/account')
    expect(await mainText()).toContain(email)
    expect(await mainText()).toContain('Verified')
    await look('account', res, 200)

    res = await submit(page, 'Log out')
    expect(await redirectStatus(res)).toBe(303)
    expect(path()).toBe('/')
    expect(await heading()).toBe('Welcome to Gatehouse')
    await page.goto(`${main.url}/account`)
    expect(path()).toBe('/login')

    res = await follow(page, 'Forgot your password?')
    expect(path()).toBe('/request-password-reset')
    await look('forgot-password', res, 200)
    await page.getByLabel('Email').fill(email)
    res = await submit(page, 'Send reset link')
    await expectRedirectedTo(res, '/request-password-reset/check-inbox')
    expect(await mainText()).toContain('If the email exists, a reset link has been sent.')
    expect(await mainText()).toContain(email)
    await look('forgot-password-sent', res)

    const resetLink = await mailLink(email, 'Reset your password')
    // The reload neither asks for a second link nor shows the address again.
    res = await reloadPostsNothing('Check your inbox', [email])
    expect(await mainText()).toContain('If the email exists, a reset link has been sent.')
    await look('forgot-password-sent-reloaded', res)
    expect(
      smtp.messages.filter((m) => m.to.includes(email) && m.subject === 'Reset your password'),
    ).toHaveLength(1)
    res = await page.goto(resetLink)
    expect(res!.headers()['referrer-policy']).toBe('no-referrer')
    expect(
      await page.getByLabel('New password', { exact: true }).getAttribute('autocomplete'),
    ).toBe('new-password')
    expect(await page.getByText('At least 15 characters').isVisible()).toBe(true)
    await look('reset-password', res, 200)

    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await page.getByLabel('Repeat the new password').fill(`${NEW_PASSWORD}!`)
    res = await submit(page, 'Set new password')
    expect(res.status()).toBe(400)
    expect(await page.locator('#field-confirm_new_password-error').textContent()).toContain(
      'The passwords do not match',
    )
    expect(await page.getByLabel('New password', { exact: true }).inputValue()).toBe('')
    await look('reset-password-error', res)

    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD)
    res = await submit(page, 'Set new password')
    await expectRedirectedTo(res, '/reset-password/done')
    expect(await mainText()).toContain('Password reset successfully.')
    await look('reset-password-done', res)
    await smtp.waitFor(
      (m) => m.to.includes(email) && m.subject === 'Your password was changed',
      5000,
    )
    await reloadPostsNothing('Choose a new password', ['invalid or has expired', 'successfully'])

    // The old password is gone; the new one works, and a safe ?next= is followed.
    res = await logIn(main, email, STRONG_PASSWORD)
    expect(res.status()).toBe(401)
    res = await logIn(main, email, NEW_PASSWORD, '/login?next=%2F')
    expect(await redirectStatus(res)).toBe(303)
    expect(path()).toBe('/')
    expect(await heading()).toBe('Welcome back')
    await look('home-signed-in', res, 200)
    await submit(page, 'Log out')
  }, 60_000)

  test('with JavaScript off the forms work the same: sign up, confirm, log in, log out', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false })
    try {
      const p = await context.newPage()
      const email = uniqueEmail('nojs')
      await p.goto(`${main.url}/register`)
      await p.getByLabel('Email').fill(email)
      await p.getByLabel('Password').fill(STRONG_PASSWORD)
      expect(await redirectStatus(await submit(p, 'Create account'))).toBe(303)
      expect(new URL(p.url()).pathname).toBe('/register/check-inbox')
      await p.goto(await mailLink(email, 'Verify your email address'))
      expect(await redirectStatus(await submit(p, 'Confirm my email'))).toBe(303)
      expect(new URL(p.url()).pathname).toBe('/verify-email/done')
      await p.goto(`${main.url}/login`)
      await p.getByLabel('Email', { exact: true }).first().fill(email)
      await p.getByLabel('Password').fill(STRONG_PASSWORD)
      expect(await redirectStatus(await submit(p, 'Log in'))).toBe(303)
      expect(new URL(p.url()).pathname).toBe('/account')
      expect(await redirectStatus(await submit(p, 'Log out'))).toBe(303)
      expect(new URL(p.url()).pathname).toBe('/')
      expect(await p.locator('h1').textContent()).toBe('Welcome to Gatehouse')
    } finally {
      await context.close()
    }
  }, 60_000)

  test('a wrong password: 401, the form again with the email kept; an unsafe ?next= is never followed', async () => {
    const { email } = await createVerifiedUser('wrong')
    await page.goto(`${main.url}/login?next=//evil.example/steal`)
    expect(await page.locator('main form').first().getAttribute('action')).toBe('/login')

    await page.getByLabel('Email', { exact: true }).first().fill(email)
    await page.getByLabel('Password').fill('not the right password at all')
    let res = await submit(page, 'Log in')
    expect(res.status()).toBe(401)
    expect(res.headers()['www-authenticate']).toBe('Bearer')
    expect(await page.locator('[role=alert]').textContent()).toContain(
      'Incorrect email or password.',
    )
    expect(await page.locator('#field-email').inputValue()).toBe(email)
    expect(await page.getByLabel('Password').inputValue()).toBe('')
    await look('login-wrong-password', res)

    await page.getByLabel('Password').fill(STRONG_PASSWORD)
    res = await submit(page, 'Log in')
    expect(await redirectStatus(res)).toBe(303)
    expect(path()).toBe('/account')
    await submit(page, 'Log out')
  }, 60_000)

  test('an unverified account: log-in says so and opens the resend form', async () => {
    const email = uniqueEmail('unverified')
    expect(
      (await api(main, 'POST', '/register', { email, password: STRONG_PASSWORD })).status,
    ).toBe(201)
    const res = await logIn(main, email, STRONG_PASSWORD)
    expect(res.status()).toBe(401)
    expect(await mainText()).toContain('Please verify your email address.')
    expect(await page.locator('details.resend').getAttribute('open')).not.toBeNull()
    expect(await page.locator('#resend-email').inputValue()).toBe(email)
    await look('login-unverified', res)
  }, 60_000)

  test('a verification link used again says "already verified"; an unknown one offers a new link', async () => {
    const email = uniqueEmail('reuse')
    expect(
      (await api(main, 'POST', '/register', { email, password: STRONG_PASSWORD })).status,
    ).toBe(201)
    const link = await mailLink(email, 'Verify your email address')
    await page.goto(link)
    await expectRedirectedTo(await submit(page, 'Confirm my email'), '/verify-email/done')

    let res = await page.goto(link)
    expect(res!.status()).toBe(200)
    res = await submit(page, 'Confirm my email')
    await expectRedirectedTo(res, '/verify-email/done')
    expect(await mainText()).toContain('Email already verified.')
    await look('verify-already-verified', res)

    await page.goto(`${main.url}/verify-email?token=${'A'.repeat(43)}`)
    res = await submit(page, 'Confirm my email')
    expect(res.status()).toBe(400)
    expect(await heading()).toBe('This link no longer works')
    expect(await page.getByRole('button', { name: 'Send a new link' }).isVisible()).toBe(true)
    await look('verify-link-failed', res)
  }, 60_000)

  test('an expired reset link is refused with a way to ask again, and the password stays', async () => {
    const { email } = await createVerifiedUser('expired')
    await page.goto(`${main.url}/request-password-reset`)
    await page.getByLabel('Email').fill(email)
    await submit(page, 'Send reset link')
    const link = await mailLink(email, 'Reset your password')

    main.clock.advance(HOUR + 1000)
    try {
      let res = await page.goto(link)
      expect(res!.status()).toBe(200)
      await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
      await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD)
      res = await submit(page, 'Set new password')
      expect(res.status()).toBe(400)
      expect(await heading()).toBe('This link no longer works')
      expect(await mainText()).toContain('This reset link is invalid or has expired.')
      await look('reset-link-expired', res)
      await follow(page, 'Ask for a new link')
      expect(path()).toBe('/request-password-reset')
    } finally {
      main.clock.advance(-(HOUR + 1000))
    }
    expect((await api(main, 'POST', '/login', { email, password: STRONG_PASSWORD })).status).toBe(
      200,
    )
  }, 60_000)

  test('forms posted from another origin are refused (403) and change nothing', async () => {
    const { email } = await createVerifiedUser('csrf')
    let form = ''
    // Same site (127.0.0.1), another port: the SameSite=Lax cookie would go along; only the Origin check stops it.
    const site = startCrossOriginSite(
      () => `<!doctype html><html lang="en"><title>Prizes</title><body>${form}</body></html>`,
    )
    try {
      form = `<form method="post" action="${main.url}/login"><input type="hidden" name="email" value="${email}"><input type="hidden" name="password" value="${STRONG_PASSWORD}"><button>Claim your prize</button></form>`
      await page.goto(site.url)
      let res = await submit(page, 'Claim your prize')
      expect(res.status()).toBe(403)
      expect(res.headers()['set-cookie']).toBeUndefined()
      expect(await heading()).toBe('Request refused')
      await look('error-403-csrf', res)
      await page.goto(`${main.url}/account`)
      expect(path()).toBe('/login')

      // The same post from a page that hides its origin (`Origin: null`): Fetch Metadata says cross-origin.
      await page.goto(`${site.url}?no-referrer`)
      res = await submit(page, 'Claim your prize')
      expect(res.status()).toBe(403)
      expect(res.headers()['set-cookie']).toBeUndefined()

      await logIn(main, email, STRONG_PASSWORD)
      expect(path()).toBe('/account')
      form = `<form method="post" action="${main.url}/logout"><button>Read the news</button></form>`
      await page.goto(site.url)
      res = await submit(page, 'Read the news')
      expect(res.status()).toBe(403)
      res = (await page.goto(`${main.url}/account`))!
      expect(path()).toBe('/account')
      expect(await mainText()).toContain(email)
      await submit(page, 'Log out')
    } finally {
      await site.stop()
    }
  }, 60_000)

  test('error pages: 404, 405, 422, 429 with the wait, 500 with the request id, 503', async () => {
    let res = await page.goto(`${main.url}/no-such-page`)
    expect(await heading()).toBe('Page not found')
    await look('error-404', res, 404)

    res = await page.goto(`${main.url}/logout`)
    expect(res!.headers().allow).toBe('POST')
    await look('error-405', res, 405)

    // Resending is limited to 3 a minute here: a bad email (422), two sends, then the 429 page.
    const resend = async (email: string) => {
      await page.goto(`${main.url}/login`)
      await page.getByText("Didn't get the verification email?").click()
      await page.locator('#resend-email').fill(email)
      return submit(page, 'Send it again')
    }
    res = await resend('not-an-email')
    expect(res.status()).toBe(422)
    expect(await page.locator('#field-email').inputValue()).toBe('not-an-email')
    expect(await page.locator('#field-email-error').textContent()).toContain(
      'Enter a valid email address',
    )
    await look('resend-error', res)
    const nobody = uniqueEmail('nobody')
    res = await resend(nobody)
    await expectRedirectedTo(res, '/resend-verification/check-inbox')
    expect(await mainText()).toContain(nobody)
    await look('resend-sent', res)
    // Reloading does not count as another resend: it is a GET, and it is not rate limited.
    await reloadPostsNothing('Check your inbox', [nobody])
    // The sliding window weighs the previous minute's hits down as time passes (as
    // @upstash/ratelimit does), so near a window boundary one or two more may pass first.
    for (let i = 0; i < 5 && res.status() !== 429; i++) res = await resend(uniqueEmail('nobody'))
    expect(res.status()).toBe(429)
    const wait = res.headers()['retry-after']!
    expect(Number(wait)).toBeGreaterThan(0)
    expect(await mainText()).toContain(`Please wait ${wait} second`)
    await look('error-429', res)
    main.clock.advance(61_000)

    const db = main.deps.db
    const findUserByEmail = db.findUserByEmail
    // The log-in form: it looks the account up before it answers (forgot-password does not).
    const forgot = () => logIn(main, uniqueEmail('broken'), STRONG_PASSWORD)
    try {
      db.findUserByEmail = async () => {
        throw new Error('boom: select * from users where password = hunter2')
      }
      res = await forgot()
      expect(res.status()).toBe(500)
      const requestId = res.headers()['x-request-id']!
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
      expect(await mainText()).toContain(requestId)
      expect(await page.content()).not.toContain('hunter2')
      expect(
        main.log.some((line) => line.includes('unhandled_error') && line.includes(requestId)),
      ).toBe(true)
      await look('error-500', res)

      db.findUserByEmail = async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
          code: 'ECONNREFUSED',
        })
      }
      res = await forgot()
      expect(res.status()).toBe(503)
      expect(res.headers()['retry-after']).toBe('5')
      expect(await heading()).toBe('Temporarily unavailable')
      await look('error-503', res)
    } finally {
      db.findUserByEmail = findUserByEmail
    }
  }, 60_000)

  test('a newcomer finishes sign-up with the dev mailbox alone', async () => {
    const email = uniqueEmail('newcomer')
    let res = await page.goto(`${dev.url}/dev/mailbox`)
    expect(await mainText()).toContain('No mail yet.')
    await look('dev-mailbox-empty', res, 200)

    await follow(page, 'Create an account')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(STRONG_PASSWORD)
    await submit(page, 'Create account')
    res = await follow(page, 'Open the dev mailbox')
    expect(path()).toBe('/dev/mailbox')
    const first = page.locator('.mail').first()
    expect(await first.locator('h2').textContent()).toBe('Verify your email address')
    expect(await first.textContent()).toContain(email)
    const link = first.getByRole('link', { name: 'Open /verify-email' })
    expect(await link.getAttribute('href')).toStartWith(`${dev.url}/verify-email?token=`)
    await look('dev-mailbox', res, 200)

    await Promise.all([page.waitForNavigation(), link.click()])
    res = await submit(page, 'Confirm my email')
    expect(await mainText()).toContain('Email verified successfully.')
    res = await logIn(dev, email, STRONG_PASSWORD)
    expect(path()).toBe('/account')

    // Newest first: a reset request lands above the verification mail.
    await page.goto(`${dev.url}/request-password-reset`)
    await page.getByLabel('Email').fill(email)
    await submit(page, 'Send reset link')
    await dev.deps.settled()
    await page.goto(`${dev.url}/dev/mailbox`)
    expect(await page.locator('.mail h2').allTextContents()).toEqual([
      'Reset your password',
      'Verify your email address',
    ])

    const json = await fetch(`${dev.url}/dev/mailbox`)
    expect(
      ((await json.json()) as { mails: { subject: string }[] }).mails.map((m) => m.subject),
    ).toEqual(['Reset your password', 'Verify your email address'])
  }, 60_000)

  test('the dev mailbox does not exist when mail goes out by SMTP, nor in production', async () => {
    const res = await page.goto(`${main.url}/dev/mailbox`)
    expect(res!.status()).toBe(404)
    const post = await fetch(`${main.url}/dev/mailbox`, { method: 'POST' })
    expect(post.status).toBe(404)
    expect(post.headers.get('allow')).toBeNull()

    // Same deps as the dev app, kept mails included, but NODE_ENV=production: nothing there.
    const production = createApp(() => ({
      ...dev.deps,
      config: { ...dev.deps.config, env: 'production' },
    }))
    for (const accept of ['text/html', 'application/json']) {
      const answer = await production.request('/dev/mailbox', { headers: { accept } })
      expect(answer.status).toBe(404)
      expect(await answer.text()).not.toContain('token=')
    }
  }, 60_000)

  test('every page of the issue was looked at in both widths with no serious or critical axe violation', () => {
    const seen = new Map(inspector.reports.map((r) => [r.name, r]))
    const required = [
      'home',
      'register',
      'register-error',
      'register-check-inbox',
      'register-check-inbox-reloaded',
      'verify-confirm',
      'verify-done',
      'verify-already-verified',
      'login',
      'login-wrong-password',
      'account',
      'forgot-password',
      'forgot-password-sent',
      'forgot-password-sent-reloaded',
      'reset-password',
      'reset-password-done',
      'reset-link-expired',
      'error-403-csrf',
      'error-404',
      'error-429',
      'error-500',
      'error-503',
      'dev-mailbox',
    ]
    expect(required.filter((name) => !seen.has(name))).toEqual([])
    for (const report of inspector.reports) {
      expect(report.screenshots).toEqual([
        `${report.name}-1280.png`,
        `${report.name}-390.png`,
        `${report.name}-390-dark.png`,
      ])
      expect([...severe(report.light), ...severe(report.dark)]).toEqual([])
    }
    console.log(
      `browser: ${inspector.reports.length} pages inspected; screenshots and axe-report.json in ${RESULTS_DIR}`,
    )
  })
})
