import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

async function registered() {
  const email = uniqueEmail()
  await t.json('POST', '/register', { email, password: STRONG_PASSWORD })
  const { token } = await t.mail(email, 'Verify your email address')
  return { email, token: token! }
}

describe('GET /verify-email (JSON clients)', () => {
  test('verifies with the mailed token; again answers "Email already verified"', async () => {
    const { email, token } = await registered()
    const first = await t.json('GET', `/verify-email?token=${token}`)
    expect(first).toMatchObject({ status: 200, body: { message: 'Email verified successfully' } })
    const again = await t.json('GET', `/verify-email?token=${token}`)
    expect(again).toMatchObject({ status: 200, body: { message: 'Email already verified' } })
    const login = await t.json('POST', '/login', { email, password: STRONG_PASSWORD })
    expect(login.status).toBe(200)
    expect(login.body.user.is_verified).toBe(true)
  })

  test('a browser GET shows a confirm page and changes nothing', async () => {
    const { email, token } = await registered()
    const page = await t.request(`/verify-email?token=${token}`, {
      headers: { accept: 'text/html' },
    })
    expect(page.status).toBe(200)
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    const html = await page.text()
    expect(html).toContain('method="post"')
    expect(html).toContain(`value="${token}"`)
    expect((await t.json('POST', '/login', { email, password: STRONG_PASSWORD })).body).toEqual({
      detail: 'Please verify your email address',
    })
  })

  test('400 for an unknown, malformed or expired token; 422 without one', async () => {
    expect(await t.json('GET', '/verify-email?token=nope')).toMatchObject({
      status: 400,
      body: { detail: 'Invalid or expired verification token' },
    })
    expect(await t.json('GET', `/verify-email?token=${'A'.repeat(43)}`)).toMatchObject({
      status: 400,
    })
    const missing = await t.json('GET', '/verify-email')
    expect(missing.status).toBe(422)
    expect(missing.body.detail[0]).toMatchObject({ loc: ['query', 'token'], type: 'missing' })

    const { token } = await registered()
    t.clock.advance(24 * 3600 * 1000 + 1000)
    try {
      expect(await t.json('GET', `/verify-email?token=${token}`)).toMatchObject({
        status: 400,
        body: { detail: 'Invalid or expired verification token' },
      })
    } finally {
      t.clock.advance(-(24 * 3600 * 1000 + 1000))
    }
  })
})

describe('POST /verify-email', () => {
  test('JSON body verifies; 50 concurrent uses: exactly one "verified", the rest "already verified"', async () => {
    const { token } = await registered()
    const results = await Promise.all(
      Array.from({ length: 50 }, () => t.json('POST', '/verify-email', { token })),
    )
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(results.filter((r) => r.body.message === 'Email verified successfully')).toHaveLength(1)
    expect(results.filter((r) => r.body.message === 'Email already verified')).toHaveLength(49)
  })
})

describe('POST /resend-verification', () => {
  const MESSAGE =
    'If the account exists and is not verified, a new verification email has been sent'

  test('same answer for unknown, unverified and verified emails; only the unverified get a mail', async () => {
    const { email } = await registered()
    const before = t.smtp.messages.length
    for (const address of [email, uniqueEmail('nobody')]) {
      expect(await t.json('POST', '/resend-verification', { email: address })).toMatchObject({
        status: 200,
        body: { message: MESSAGE },
      })
    }
    const mail = await t.mail(email, 'Verify your email address')
    expect(mail.token).toBeDefined()
    await t.deps.settled()
    expect(t.smtp.messages.length).toBe(before + 1)
    expect((await t.json('POST', '/verify-email', { token: mail.token })).body.message).toBe(
      'Email verified successfully',
    )
  })

  test('422 for an invalid email', async () => {
    expect((await t.json('POST', '/resend-verification', { email: 'x' })).status).toBe(422)
  })
})
