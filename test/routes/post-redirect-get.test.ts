// Post/Redirect/Get: every successful form post answers 303 to a page that a reload does not
// re-submit; the page says request-specific things through a signed one-time notice (flash).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { APP_URL, createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const NEW_PASSWORD = 'a fresh passphrase after the reset'

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

/** The Set-Cookie line of the flash cookie, and its value. */
function flashOf(res: Response): { line: string; value: string } | undefined {
  const line = res.headers.getSetCookie().find((l) => /^(__Host-)?flash=/.test(l))
  return line ? { line, value: /^(?:__Host-)?flash=([^;]*)/.exec(line)![1]! } : undefined
}

/** Opens a page as a browser would after the redirect (the flash cookie sent along, or not). */
async function open(path: string, flash?: string, name = 'flash') {
  const res = await t.request(path, {
    headers: { accept: 'text/html', ...(flash && { cookie: `${name}=${flash}` }) },
  })
  return { res, html: await res.text() }
}

/** Posts the form, expects 303 to `location` with a flash, opens the target, then reloads it. */
async function postRedirectGet(path: string, fields: Record<string, string>, location: string) {
  const post = await t.request(path, form(fields))
  expect({ path, status: post.status, location: post.headers.get('location') }).toEqual({
    path,
    status: 303,
    location,
  })
  const flash = flashOf(post)!
  expect(flash.line).toMatch(
    /^flash=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; Max-Age=120; Path=\/; HttpOnly; SameSite=Lax$/,
  )
  const first = await open(location, flash.value)
  expect(first.res.status).toBe(200)
  // Read once, then cleared: the page's answer deletes the cookie.
  expect(flashOf(first.res)?.line).toMatch(/^flash=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/)
  const reload = await open(location)
  expect(reload.res.status).toBe(200)
  expect(reload.res.headers.get('cache-control')).toBe('no-store')
  return { post, flash: flash.value, first: first.html, reload: reload.html }
}

async function registered(email = uniqueEmail('prg')) {
  expect((await t.json('POST', '/register', { email, password: STRONG_PASSWORD })).status).toBe(201)
  return { email, token: (await t.mail(email, 'Verify your email address')).token! }
}

describe('successful form posts answer 303 (Post/Redirect/Get)', () => {
  test('sign-up → /register/check-inbox, which names the address once; a reload re-posts nothing', async () => {
    const email = uniqueEmail('prg-register')
    const mailsBefore = t.smtp.messages.length
    const { first, reload } = await postRedirectGet(
      '/register',
      { email, password: STRONG_PASSWORD },
      '/register/check-inbox',
    )
    expect(first).toContain('Check your inbox')
    expect(first).toContain(`We sent a verification link to ${email}.`)
    expect(reload).toContain('Check your inbox')
    expect(reload).not.toContain(email)
    expect(reload).not.toContain('Email already registered')
    await t.mail(email, 'Verify your email address')
    await t.deps.settled()
    expect(t.smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1)
    expect(t.smtp.messages.length).toBe(mailsBefore + 1)
  })

  test('resend-verification → /resend-verification/check-inbox', async () => {
    const { email } = await registered()
    const { first, reload } = await postRedirectGet(
      '/resend-verification',
      { email },
      '/resend-verification/check-inbox',
    )
    const message =
      'If the account exists and is not verified, a new verification email has been sent.'
    expect(first).toContain(message)
    expect(first).toContain(email)
    expect(reload).toContain(message)
    expect(reload).not.toContain(email)
  })

  test('request-password-reset → /request-password-reset/check-inbox', async () => {
    const { email } = await t.signUp()
    const { first, reload } = await postRedirectGet(
      '/request-password-reset',
      { email },
      '/request-password-reset/check-inbox',
    )
    expect(first).toContain('If the email exists, a reset link has been sent.')
    expect(first).toContain(email)
    expect(reload).toContain('If the email exists, a reset link has been sent.')
    expect(reload).not.toContain(email)
  })

  test('verify (the confirm button) → /verify-email/done: "verified", then "already verified"', async () => {
    const { email, token } = await registered()
    const once = await postRedirectGet('/verify-email', { token }, '/verify-email/done')
    expect(once.first).toContain('Email verified successfully.')
    expect(once.reload).not.toContain('Email verified successfully.')
    expect(once.reload).toContain('href="/login"')
    const twice = await postRedirectGet('/verify-email', { token }, '/verify-email/done')
    expect(twice.first).toContain('Email already verified.')
    expect((await t.json('POST', '/login', { email, password: STRONG_PASSWORD })).status).toBe(200)
  })

  test('reset-password → /reset-password/done; the new password works', async () => {
    const { email } = await t.signUp()
    await t.json('POST', '/request-password-reset', { email })
    const { token } = await t.mail(email, 'Reset your password')
    const { first, reload } = await postRedirectGet(
      '/reset-password',
      { token: token!, new_password: NEW_PASSWORD, confirm_new_password: NEW_PASSWORD },
      '/reset-password/done',
    )
    expect(first).toContain('Password reset successfully.')
    expect(reload).not.toContain('Password reset successfully.')
    expect((await t.json('POST', '/login', { email, password: NEW_PASSWORD })).status).toBe(200)
  })

  test('log-in → /account (or the safe next), as before', async () => {
    const { email } = await t.signUp()
    const res = await t.request('/login', form({ email, password: STRONG_PASSWORD }))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/account')
  })

  test('multipart forms redirect the same way', async () => {
    const body = new FormData()
    body.append('email', uniqueEmail('prg-multipart'))
    body.append('password', STRONG_PASSWORD)
    const res = await t.request('/register', { method: 'POST', headers: { origin: APP_URL }, body })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/register/check-inbox')
  })

  test('each target page makes sense opened directly, without any notice', async () => {
    for (const [path, text] of [
      ['/register/check-inbox', 'Check your inbox'],
      ['/resend-verification/check-inbox', 'Check your inbox'],
      ['/request-password-reset/check-inbox', 'Check your inbox'],
      ['/verify-email/done', 'Confirm your email'],
      ['/reset-password/done', 'Choose a new password'],
    ] as const) {
      const { res, html } = await open(path)
      expect({ path, status: res.status }).toEqual({ path, status: 200 })
      expect(html).toContain(text)
      expect(html).not.toMatch(/successfully|We sent a verification link to/)
    }
  })
})

describe('failed forms are re-rendered (4xx), the email kept and never a password', () => {
  test('sign-up with a taken email: 400, the page again, no redirect and no flash', async () => {
    const { email } = await registered()
    const res = await t.request('/register', form({ email, password: STRONG_PASSWORD }))
    expect(res.status).toBe(400)
    expect(flashOf(res)).toBeUndefined()
    const html = await res.text()
    expect(html).toContain('Email already registered')
    expect(html).toContain(`value="${email}"`)
    expect(html).not.toContain(STRONG_PASSWORD)
  })

  test('an invalid email on the reset request: 422 with the field error', async () => {
    const res = await t.request('/request-password-reset', form({ email: 'not-an-email' }))
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('value="not-an-email"')
  })
})

describe('JSON answers do not change', () => {
  test('201 and 200 bodies, no redirect and no flash cookie', async () => {
    const email = uniqueEmail('prg-json')
    const register = await t.request('/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, password: STRONG_PASSWORD }),
    })
    expect(register.status).toBe(201)
    expect(flashOf(register)).toBeUndefined()
    for (const [path, body] of [
      ['/resend-verification', { email }],
      ['/request-password-reset', { email }],
    ] as const) {
      const res = await t.json('POST', path, body)
      expect(res.status).toBe(200)
      expect(res.headers.get('set-cookie')).toBeNull()
    }
  })
})

describe('the flash cookie cannot be forged, replayed late or carried to another page', () => {
  async function signUpFlash(email = uniqueEmail('flash')) {
    const post = await t.request('/register', form({ email, password: STRONG_PASSWORD }))
    expect(post.status).toBe(303)
    return { email, value: flashOf(post)!.value }
  }

  test('a changed payload (another address) or signature shows nothing', async () => {
    const { value } = await signUpFlash()
    const [payload, signature] = value.split('.') as [string, string]
    const forged = JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/')))
    forged.e = 'attacker@evil.example'
    const forgedPayload = btoa(JSON.stringify(forged))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replace(/=+$/, '')
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`
    for (const cookie of [
      `${forgedPayload}.${signature}`,
      `${payload}.${flipped}`,
      payload,
      `${payload}.${signature}.x`,
      '%%%.***',
      '',
    ]) {
      const { res, html } = await open('/register/check-inbox', cookie)
      expect(res.status).toBe(200)
      expect(html).not.toContain('attacker@evil.example')
      expect(html).not.toContain('We sent a verification link to')
    }
  })

  test('a flash signed with another secret is refused', async () => {
    const other = await createTestApp({
      env: { JWT_SECRET: 'another-secret-another-secret-another-secret-42' },
    })
    try {
      const email = uniqueEmail('other-secret')
      const post = await other.request('/register', form({ email, password: STRONG_PASSWORD }))
      const { html } = await open('/register/check-inbox', flashOf(post)!.value)
      expect(html).not.toContain(email)
    } finally {
      await other.close()
    }
  })

  test('expired after two minutes, whatever the browser keeps', async () => {
    const { email, value } = await signUpFlash()
    t.clock.advance(121_000)
    try {
      expect((await open('/register/check-inbox', value)).html).not.toContain(email)
    } finally {
      t.clock.advance(-121_000)
    }
  })

  test("a notice is only shown by its own page, and a page's answer clears it", async () => {
    const { value } = await signUpFlash()
    const elsewhere = await open('/reset-password/done', value)
    expect(elsewhere.html).not.toContain('Password reset successfully')
    expect(flashOf(elsewhere.res)?.line).toStartWith('flash=;')
  })

  test('on https: __Host-flash with Secure', async () => {
    const https = await createTestApp({ env: { APP_URL: 'https://auth.example.com' } })
    try {
      const email = uniqueEmail('https-flash')
      const post = await https.request(
        '/register',
        form({ email, password: STRONG_PASSWORD }, { origin: 'https://auth.example.com' }),
      )
      expect(post.status).toBe(303)
      const line = flashOf(post)!.line
      expect(line).toMatch(
        /^__Host-flash=[^;]+; Max-Age=120; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
      )
      const page = await https.request('/register/check-inbox', {
        headers: { accept: 'text/html', cookie: `__Host-flash=${flashOf(post)!.value}` },
      })
      expect(await page.text()).toContain(email)
    } finally {
      await https.close()
    }
  })
})
