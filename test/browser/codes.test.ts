// One-time codes in Chromium: sign up in one browser context (the laptop), read the code from
// the mail the real SMTP server received, and type it in another context (the phone, no cookies
// of the first); reset a password with the code on the "check your inbox" page. Each code page
// passes axe-core in light and dark without a CSP violation.
import { afterAll, beforeAll, expect, test } from 'bun:test'
import type { BrowserContext } from 'playwright-core'
import {
  createInspector,
  describeInChromium,
  newContext,
  type RunningApp,
  redirectStatus,
  STRONG_PASSWORD,
  type Stack,
  startStack,
  submit,
  uniqueEmail,
} from './support'

const NEW_PASSWORD = 'a brand new passphrase for the test'

describeInChromium('one-time codes in Chromium', () => {
  let stack: Stack
  let app: RunningApp
  let laptop: BrowserContext
  let phone: BrowserContext
  const inspector = createInspector()
  const look = inspector.expectClean

  beforeAll(async () => {
    stack = await startStack()
    app = stack.app
    laptop = await newContext(stack.browser)
    phone = await newContext(stack.browser)
  }, 60_000)

  afterAll(() => stack?.close(), 30_000)

  /** The code of the newest mail to `to` with `subject`, as the SMTP server received it. */
  async function mailCode(to: string, subject: string): Promise<string> {
    const mail = await stack.latestMail(to, subject)
    const code = /^([0-9A-Z]{4}-[0-9A-Z]{4})$/m.exec(mail.text)?.[1]
    expect(code).toBeDefined()
    expect(mail.html).toContain(code!)
    return code!
  }

  test('sign up on the laptop, enter the code from the mail on the phone', async () => {
    const email = uniqueEmail('browser-code')
    const signUp = await laptop.newPage()
    inspector.watch(signUp)
    await signUp.goto(`${app.url}/register`)
    await signUp.getByLabel('Email', { exact: true }).fill(email)
    await signUp.getByLabel('Password').fill(STRONG_PASSWORD)
    const inbox = await submit(signUp, 'Create account')
    expect(await redirectStatus(inbox)).toBe(303)
    expect(new URL(signUp.url()).pathname).toBe('/register/check-inbox')
    // The laptop's page has the code form too, the address already known.
    await expect(signUp.getByLabel('Code from the email', { exact: true }).count()).resolves.toBe(1)
    await look(signUp, 'codes-register-check-inbox', 200)

    const code = await mailCode(email, 'Verify your email address')
    const other = await phone.newPage()
    inspector.watch(other)
    const opened = await other.goto(`${app.url}/verify-email`)
    expect(opened?.status()).toBe(200)
    await look(other, 'codes-verify-code-page', 200)
    await other.getByLabel('Email', { exact: true }).fill(email)
    // A wrong code first: the page comes back with the error and the address kept.
    await other.getByLabel('Code from the email', { exact: true }).fill('zzzz-zzzz')
    const wrong = await submit(other, 'Verify my email')
    expect(wrong.status()).toBe(400)
    expect(await other.locator('[role=alert]').first().textContent()).toContain(
      'This code is wrong, already used or expired.',
    )
    expect(await other.getByLabel('Email', { exact: true }).inputValue()).toBe(email)
    await look(other, 'codes-verify-code-wrong', 400)
    // Typed as people type it: lower case, no dash.
    await other
      .getByLabel('Code from the email', { exact: true })
      .fill(code.toLowerCase().replace('-', ''))
    const done = await submit(other, 'Verify my email')
    expect(await redirectStatus(done)).toBe(303)
    expect(new URL(other.url()).pathname).toBe('/verify-email/done')
    expect(await other.locator('main').textContent()).toContain('Email verified successfully.')

    // The laptop can log in now: the address is verified.
    const login = await fetch(`${app.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, password: STRONG_PASSWORD }),
    })
    expect(login.status).toBe(200)
  })

  test('reset with the code on the "check your inbox" page', async () => {
    const email = uniqueEmail('browser-reset-code')
    const registered = await fetch(`${app.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, password: STRONG_PASSWORD }),
    })
    expect(registered.status).toBe(201)
    const page = await laptop.newPage()
    inspector.watch(page)
    await page.goto(`${app.url}/request-password-reset`)
    await page.getByLabel('Email', { exact: true }).fill(email)
    const inbox = await submit(page, 'Send reset link')
    expect(await redirectStatus(inbox)).toBe(303)
    await look(page, 'codes-reset-check-inbox', 200)
    const code = await mailCode(email, 'Reset your password')
    await page.getByLabel('Code from the email', { exact: true }).fill(code)
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD)
    const done = await submit(page, 'Set the new password')
    expect(await redirectStatus(done)).toBe(303)
    expect(new URL(page.url()).pathname).toBe('/reset-password/done')
    const login = await fetch(`${app.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, password: NEW_PASSWORD }),
    })
    expect(login.status).toBe(200)
  })
})
