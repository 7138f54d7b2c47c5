// The account's life in Chromium, by clicks, with three browser contexts (three devices): sign up
// and confirm by the mailed link, log in on A, B and C; A signs B out by its button, changes the
// password (C is signed out, A stays), changes the email (both mails, the confirm page), logs in
// with the new address only, signs out everywhere else, deletes the account, and the address
// signs up again. Every new page: screenshots at 1280 and 390 px and an axe-core scan.
import { afterAll, beforeAll, expect, test } from 'bun:test'
import type { BrowserContext, Page, Response } from 'playwright-core'
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
  uniqueEmail,
} from './support'

const NEW_PASSWORD = 'a brand new passphrase for the journey'

describeInChromium('the account journey in Chromium', () => {
  let stack: Stack
  let app: RunningApp
  const contexts: BrowserContext[] = []
  const inspector = createInspector('account')

  beforeAll(async () => {
    stack = await startStack()
    app = stack.app
  }, 60_000)

  afterAll(async () => {
    inspector.writeSummary()
    for (const context of contexts) await context.close().catch(() => {})
    await stack?.close()
  }, 30_000)

  async function device(): Promise<Page> {
    const context = await newContext(stack.browser)
    contexts.push(context)
    const page = await context.newPage()
    inspector.watch(page)
    return page
  }

  /** Screenshots and axe for the page on screen: no serious or critical violation, no CSP report. */
  async function look(page: Page, name: string, response: Response | null, status?: number) {
    if (status !== undefined) expect(response?.status()).toBe(status)
    await inspector.expectClean(page, name, response?.status())
  }

  const path = (page: Page) => new URL(page.url()).pathname
  const heading = (page: Page) => page.locator('h1').textContent()
  const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? ''

  /** A successful form post: 303 (Post/Redirect/Get) to `target`, shown with status 200. */
  async function expectRedirectedTo(page: Page, res: Response, target: string) {
    expect(await redirectStatus(res)).toBe(303)
    expect(res.status()).toBe(200)
    expect(path(page)).toBe(target)
  }

  /** The link of the newest mail to `to` with `subject`, as the SMTP server received it. */
  async function mailLink(to: string, subject: string): Promise<string> {
    const mail = await stack.latestMail(to, subject)
    expect(mail.html).toBeTruthy()
    const link = /https?:\/\/\S+/.exec(mail.text)?.[0]
    expect(link?.startsWith(`${app.url}/`)).toBe(true)
    return link!
  }

  const mailTo = (to: string, subject: string) => stack.latestMail(to, subject)

  async function logIn(page: Page, email: string, password: string) {
    await page.goto(`${app.url}/login`)
    await page.getByLabel('Email', { exact: true }).first().fill(email)
    await page.getByLabel('Password', { exact: true }).fill(password)
    return submit(page, 'Log in')
  }

  /** Where a signed-out browser lands when it opens its account: the log-in page. */
  async function expectSignedOut(page: Page) {
    const res = await page.goto(`${app.url}/account`)
    expect(res?.status()).toBe(200)
    expect(path(page)).toBe('/login')
    expect(await heading(page)).toBe('Log in')
  }

  async function expectSignedIn(page: Page) {
    const res = await page.goto(`${app.url}/account`)
    expect(res?.status()).toBe(200)
    expect(path(page)).toBe('/account')
  }

  /** The public id of the session this browser is using, as its own sessions page marks it. */
  async function ownSessionId(page: Page): Promise<string> {
    await page.goto(`${app.url}/account/sessions`)
    const mine = page.locator('li.session', {
      has: page.locator('.badge', { hasText: 'This device' }),
    })
    expect(await mine.count()).toBe(1)
    return (await mine.locator('input[name="session_id"]').getAttribute('value'))!
  }

  /** Fills and sends the sign-up form: 303 to the "check your inbox" page. */
  async function signUp(page: Page, email: string) {
    await page.goto(`${app.url}/register`)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(STRONG_PASSWORD)
    await expectRedirectedTo(page, await submit(page, 'Create account'), '/register/check-inbox')
  }

  test('sign up, three devices, sign one out, change password and email, delete, sign up again', async () => {
    const email = uniqueEmail('journey')
    const newEmail = uniqueEmail('moved')
    const [a, b, c] = [await device(), await device(), await device()]

    // A signs up and confirms by the link from the real SMTP server.
    await signUp(a, email)
    await a.goto(await mailLink(email, 'Verify your email address'))
    let res = await submit(a, 'Confirm my email')
    await expectRedirectedTo(a, res, '/verify-email/done')

    // Logged in on three devices.
    for (const page of [a, b, c])
      await expectRedirectedTo(page, await logIn(page, email, STRONG_PASSWORD), '/account')

    // A's account page links to the four account pages.
    await a.goto(`${app.url}/account`)
    for (const name of [
      'Change your password',
      'Change your email address',
      'Where you are signed in',
      'Delete your account',
    ])
      expect(await a.getByRole('link', { name, exact: true }).count()).toBe(1)
    res = await follow(a, 'Where you are signed in')
    expect(path(a)).toBe('/account/sessions')
    const rows = a.locator('li.session')
    expect(await rows.count()).toBe(3)
    for (const row of await rows.all()) {
      expect(await row.locator('strong').textContent()).toBe('Chrome on Linux')
      expect(await row.textContent()).toContain('127.0.0.1')
      expect(await row.locator('time').count()).toBe(2)
    }
    expect(await a.locator('.badge', { hasText: 'This device' }).count()).toBe(1)
    await look(a, 'account-sessions', res, 200)

    // A signs B out by B's own "Sign out" button; B's next page is the log-in page.
    const bId = await ownSessionId(b)
    await a.goto(`${app.url}/account/sessions`)
    const bRow = a.locator('li.session', { has: a.locator(`input[value="${bId}"]`) })
    const [signedOut] = await Promise.all([a.waitForNavigation(), bRow.getByRole('button').click()])
    await expectRedirectedTo(a, signedOut!, '/account/sessions')
    expect(await mainText(a)).toContain('That session was signed out.')
    expect(await a.locator('li.session').count()).toBe(2)
    await look(a, 'account-sessions-revoked', signedOut)
    await expectSignedOut(b)
    await expectSignedIn(c)

    // A changes the password: first a wrong current password, then the right one.
    await a.goto(`${app.url}/account`)
    res = await follow(a, 'Change your password')
    expect(path(a)).toBe('/account/password')
    await look(a, 'account-password', res, 200)
    await a.getByLabel('Current password').fill('not the password at all')
    await a.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await a.getByLabel('Repeat the new password').fill(NEW_PASSWORD)
    res = await submit(a, 'Change password')
    expect(res.status()).toBe(400)
    expect(await a.title()).toStartWith('Error: ')
    expect(await a.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true')
    expect(await a.getByLabel('Current password').inputValue()).toBe('')
    expect(await a.content()).not.toContain('not the password at all')
    await look(a, 'account-password-error', res)
    await a.getByLabel('Current password').fill(STRONG_PASSWORD)
    await a.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await a.getByLabel('Repeat the new password').fill(NEW_PASSWORD)
    res = await submit(a, 'Change password')
    await expectRedirectedTo(a, res, '/account')
    expect(await mainText(a)).toContain('Your password was changed.')
    await look(a, 'account-password-changed', res)
    await mailTo(email, 'Your password was changed')
    await expectSignedOut(c)
    await expectSignedIn(a)

    // A changes the email: the link goes to the new address, the notice to the old one.
    res = await follow(a, 'Change your email address')
    expect(path(a)).toBe('/account/email')
    await look(a, 'account-email', res, 200)
    await a.getByLabel('Current password').fill(NEW_PASSWORD)
    await a.getByLabel('New email address').fill('not-an-email')
    res = await submit(a, 'Send the link')
    expect(res.status()).toBe(422)
    expect(await a.getByLabel('New email address').inputValue()).toBe('not-an-email')
    expect(await a.getByLabel('New email address').getAttribute('aria-invalid')).toBe('true')
    await look(a, 'account-email-error', res)
    await a.getByLabel('Current password').fill(NEW_PASSWORD)
    await a.getByLabel('New email address').fill(newEmail)
    res = await submit(a, 'Send the link')
    await expectRedirectedTo(a, res, '/account')
    expect(await mainText(a)).toContain('Check your new inbox to confirm the change.')
    expect(await mainText(a)).toContain(newEmail)
    await look(a, 'account-email-pending', res)
    const notice = await mailTo(email, 'Your email address is being changed')
    expect(notice.text).toContain(newEmail)
    const link = await mailLink(newEmail, 'Confirm your new email address')

    // The link opens a confirm page that changes nothing; its button does.
    const confirmPage = await a.goto(link)
    expect(await heading(a)).toBe('Confirm your new email address')
    await look(a, 'confirm-email-change', confirmPage, 200)
    res = await submit(a, 'Confirm the new address')
    await expectRedirectedTo(a, res, '/confirm-email-change/done')
    expect(await mainText(a)).toContain(`From now on, log in with ${newEmail}.`)
    await look(a, 'email-changed', res)
    await mailTo(email, 'Your email address was changed')

    // A logs out; the old address no longer logs in, the new one does.
    await a.goto(`${app.url}/account`)
    res = await submit(a, 'Log out')
    expect(path(a)).toBe('/')
    res = await logIn(a, email, NEW_PASSWORD)
    expect(res.status()).toBe(401)
    res = await logIn(a, newEmail, NEW_PASSWORD)
    await expectRedirectedTo(a, res, '/account')
    expect(await a.locator('dd.email').first().textContent()).toBe(newEmail)

    // B logs in again; A signs out everywhere else.
    await expectRedirectedTo(b, await logIn(b, newEmail, NEW_PASSWORD), '/account')
    res = await follow(a, 'Where you are signed in')
    expect(await a.locator('li.session').count()).toBe(2)
    res = await submit(a, 'Sign out everywhere else')
    await expectRedirectedTo(a, res, '/account/sessions')
    expect(await mainText(a)).toContain('You were signed out everywhere else.')
    expect(await a.locator('li.session').count()).toBe(1)
    await look(a, 'account-sessions-alone', res)
    await expectSignedOut(b)

    // A deletes the account: the page says what goes; a wrong password first.
    await a.goto(`${app.url}/account`)
    res = await follow(a, 'Delete your account')
    expect(path(a)).toBe('/account/delete')
    expect(await mainText(a)).toContain('It cannot be undone.')
    await look(a, 'account-delete', res, 200)
    await a.getByLabel('Current password').fill('not the password at all')
    res = await submit(a, 'Delete my account')
    expect(res.status()).toBe(400)
    await look(a, 'account-delete-error', res)
    await a.getByLabel('Current password').fill(NEW_PASSWORD)
    res = await submit(a, 'Delete my account')
    await expectRedirectedTo(a, res, '/')
    expect(await mainText(a)).toContain('Your account was deleted.')
    await look(a, 'account-deleted', res)
    await mailTo(newEmail, 'Your account was deleted')
    await expectSignedOut(a)

    // The address signs up again at once.
    await signUp(a, newEmail)
    await mailLink(newEmail, 'Verify your email address')
    console.log(
      'account journey screenshots:',
      inspector.reports.flatMap((r) => r.screenshots),
    )
  }, 180_000)
})
