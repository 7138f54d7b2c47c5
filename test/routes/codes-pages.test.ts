// One-time codes in pages: the "check your inbox" pages and the account page carry a code form,
// which posts to the same routes and follows Post/Redirect/Get; a failed one is re-rendered
// with its error and the entered email (never a password).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { APP_URL, createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const NEW_PASSWORD = 'a fresh passphrase after the reset'
const INVALID = 'This code is wrong, already used or expired.'

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    origin: APP_URL,
    accept: 'text/html',
    ...headers,
  },
  body: new URLSearchParams(fields).toString(),
})

const flashOf = (res: Response) =>
  /^flash=([^;]*)/.exec(res.headers.getSetCookie().find((l) => l.startsWith('flash=')) ?? '')?.[1]

async function page(path: string, cookie?: string) {
  const res = await t.request(path, { headers: { accept: 'text/html', ...(cookie && { cookie }) } })
  return { status: res.status, html: await res.text() }
}

/** The <form> whose action is `action`, as HTML. */
const formOf = (html: string, action: string) =>
  new RegExp(`<form[^>]*action="${action}"[^>]*class="code-form"[\\s\\S]*?</form>`).exec(html)?.[0]

describe('sign-up: the check-inbox page has a code form that verifies', () => {
  test('email hidden and prefilled; the code posts, 303 to the result page', async () => {
    const email = uniqueEmail('page-code')
    const post = await t.request('/register', form({ email, password: STRONG_PASSWORD }))
    expect(post.status).toBe(303)
    const inbox = await page(post.headers.get('location')!, `flash=${flashOf(post)}`)
    const codeForm = formOf(inbox.html, '/verify-email')!
    expect(codeForm).toContain(`<input type="hidden" name="email" value="${email}"/>`)
    expect(codeForm).toContain('name="code"')
    expect(codeForm).toContain('autocomplete="one-time-code"')
    const { code } = await t.mail(email, 'Verify your email address')
    const wrong = await t.request('/verify-email', form({ email, code: 'ZZZZ-ZZZZ' }))
    expect(wrong.status).toBe(400)
    expect(flashOf(wrong)).toBeUndefined()
    const again = await wrong.text()
    expect(again).toContain(INVALID)
    expect(again).toContain(`value="${email}"`)
    const done = await t.request('/verify-email', form({ email, code: code! }))
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe('/verify-email/done')
    expect((await page('/verify-email/done', `flash=${flashOf(done)}`)).html).toContain(
      'Email verified successfully.',
    )
  })

  test('opened directly (no notice, another device): the email is a field to fill in', async () => {
    for (const path of ['/register/check-inbox', '/resend-verification/check-inbox']) {
      const codeForm = formOf((await page(path)).html, '/verify-email')!
      expect(codeForm).toContain('type="email"')
      expect(codeForm).not.toContain('type="hidden"')
    }
  })

  test('a browser opening /verify-email without a token gets the code page', async () => {
    const res = await page('/verify-email?email=someone%40example.com')
    expect(res.status).toBe(200)
    expect(formOf(res.html, '/verify-email')).toContain('value="someone@example.com"')
  })

  test('an invalid email on the code form: 422, the page again with the field error', async () => {
    const res = await t.request('/verify-email', form({ email: 'not-an-email', code: 'ABCD-2345' }))
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('value="not-an-email"')
    expect(formOf(html, '/verify-email')).toContain('field-invalid')
  })

  test('German page: the code form speaks German', async () => {
    const res = await t.request('/register/check-inbox?lang=de', {
      headers: { accept: 'text/html' },
    })
    const html = await res.text()
    expect(html).toContain('Code aus der E-Mail eingeben')
    expect(html).toContain('Code aus der E-Mail')
  })
})

describe('forgot password: the check-inbox page has a code form that resets', () => {
  test('with the new password; mismatch keeps the code, never a password; 303 on success', async () => {
    const { email } = await t.signUp()
    const post = await t.request('/request-password-reset', form({ email }))
    expect(post.status).toBe(303)
    const inbox = await page(post.headers.get('location')!, `flash=${flashOf(post)}`)
    const codeForm = formOf(inbox.html, '/reset-password')!
    expect(codeForm).toContain(`<input type="hidden" name="email" value="${email}"/>`)
    expect(codeForm).toContain('name="new_password"')
    const { code } = await t.mail(email, 'Reset your password')
    const fields = { email, code: code!, new_password: NEW_PASSWORD }
    const mismatch = await t.request(
      '/reset-password',
      form({ ...fields, confirm_new_password: 'another passphrase entirely' }),
    )
    expect(mismatch.status).toBe(400)
    const html = await mismatch.text()
    expect(html).toContain(`value="${code}"`)
    expect(html).not.toContain(NEW_PASSWORD)
    const wrong = await t.request('/reset-password', form({ ...fields, code: 'ZZZZ-ZZZZ' }))
    expect(wrong.status).toBe(400)
    const wrongHtml = await wrong.text()
    expect(wrongHtml).toContain(INVALID)
    expect(wrongHtml).toContain(`value="${email}"`)
    expect(wrongHtml).not.toContain('ZZZZ-ZZZZ')
    const done = await t.request(
      '/reset-password',
      form({ ...fields, confirm_new_password: NEW_PASSWORD }),
    )
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe('/reset-password/done')
    expect((await t.json('POST', '/login', { email, password: NEW_PASSWORD })).status).toBe(200)
  })

  test('a browser opening /reset-password without a token gets the code page', async () => {
    const res = await page('/reset-password')
    expect(res.status).toBe(200)
    expect(formOf(res.html, '/reset-password')).toContain('type="email"')
  })
})

describe('email change: the account page has a code form while a change waits', () => {
  test('the code confirms it with the session cookie; a wrong one re-renders', async () => {
    const user = await t.signUp()
    const cookie = `session_id=${user.cookie}`
    expect(formOf((await page('/account', cookie)).html, '/confirm-email-change')).toBeUndefined()
    const newEmail = uniqueEmail('page-new')
    const asked = await t.request(
      '/account/email',
      form({ current_password: STRONG_PASSWORD, new_email: newEmail }, { cookie }),
    )
    expect(asked.status).toBe(303)
    const account = await page('/account', cookie)
    expect(account.html).toContain(newEmail)
    expect(formOf(account.html, '/confirm-email-change')).toContain('name="code"')
    const { code } = await t.mail(newEmail, 'Confirm your new email address')
    const wrong = await t.request('/confirm-email-change', form({ code: 'ZZZZ-ZZZZ' }, { cookie }))
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toContain(INVALID)
    const done = await t.request('/confirm-email-change', form({ code: code! }, { cookie }))
    expect(done.status).toBe(303)
    expect(
      (await t.json('POST', '/login', { email: newEmail, password: STRONG_PASSWORD })).status,
    ).toBe(200)
  })

  test('without a session the code form goes to the log-in page', async () => {
    const res = await t.request('/confirm-email-change', form({ code: 'ABCD-2345' }))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login?next=/account')
  })
})

describe('over the account limit a form gets the 429 page', () => {
  test('with Retry-After and the RateLimit headers', async () => {
    const email = uniqueEmail('page-nobody')
    for (let i = 0; i < 10; i++)
      expect((await t.request('/verify-email', form({ email, code: 'ABCD-2345' }))).status).toBe(
        400,
      )
    const res = await t.request('/verify-email', form({ email, code: 'ABCD-2345' }))
    expect(res.status).toBe(429)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(res.headers.get('ratelimit-limit')).toBe('10')
  })
})

describe("mounted under APP_URL's path", () => {
  test('the code form posts under /auth, and the code verifies there', async () => {
    const mounted = await createTestApp({ env: { APP_URL: 'http://localhost/auth' } })
    try {
      const email = uniqueEmail('page-mounted')
      const headers = {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
        accept: 'text/html',
      }
      const post = await mounted.request('/auth/register', {
        method: 'POST',
        headers,
        body: new URLSearchParams({ email, password: STRONG_PASSWORD }).toString(),
      })
      expect(post.status).toBe(303)
      const inbox = await mounted.request(post.headers.get('location')!, {
        headers: { accept: 'text/html', cookie: `flash=${flashOf(post)}` },
      })
      const html = await inbox.text()
      expect(formOf(html, '/auth/verify-email')).toContain('name="code"')
      const { code } = await mounted.mail(email, 'Verify your email address')
      const done = await mounted.request('/auth/verify-email', {
        method: 'POST',
        headers,
        body: new URLSearchParams({ email, code: code! }).toString(),
      })
      expect(done.status).toBe(303)
      expect(done.headers.get('location')).toBe('/auth/verify-email/done')
    } finally {
      await mounted.close()
    }
  })
})
