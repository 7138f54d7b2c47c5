import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const NEW_PASSWORD = 'a brand new passphrase 2026'
const MESSAGE = 'If the email exists, a reset link has been sent'

async function resetToken(email: string) {
  expect(await t.json('POST', '/request-password-reset', { email })).toMatchObject({
    status: 200,
    body: { message: MESSAGE },
  })
  const mail = await t.mail(email, 'Reset your password')
  expect(mail.text).toContain('This link will expire in 1 hour')
  expect(mail.text).toContain('http://localhost:3000/reset-password?token=')
  return mail.token!
}

describe('POST /request-password-reset', () => {
  test('same status and body for unknown emails, and no mail', async () => {
    const before = t.smtp.messages.length
    const res = await t.json('POST', '/request-password-reset', { email: uniqueEmail('nobody') })
    expect(res).toMatchObject({ status: 200, body: { message: MESSAGE } })
    await t.deps.settled()
    expect(t.smtp.messages.length).toBe(before)
  })

  test('links are built from APP_URL, never from Host or forwarding headers', async () => {
    const { email } = await t.signUp()
    await t.json(
      'POST',
      '/request-password-reset',
      { email },
      {
        headers: {
          host: 'evil.example',
          'x-forwarded-host': 'evil.example',
          forwarded: 'host=evil.example',
        },
      },
    )
    const mail = await t.mail(email, 'Reset your password')
    expect(mail.text).not.toContain('evil.example')
    expect(mail.html).not.toContain('evil.example')
  })

  test('a new request invalidates the older link', async () => {
    const { email } = await t.signUp()
    const first = await resetToken(email)
    const second = await resetToken(email)
    expect(
      await t.json('POST', '/reset-password', { token: first, new_password: NEW_PASSWORD }),
    ).toMatchObject({ status: 400, body: { detail: 'Invalid or expired reset token' } })
    expect(
      (await t.json('POST', '/reset-password', { token: second, new_password: NEW_PASSWORD }))
        .status,
    ).toBe(200)
  })
})

describe('POST /reset-password', () => {
  test('sets the password, revokes every session, mails "changed", does not log in', async () => {
    const { email, accessToken, cookie } = await t.signUp()
    const token = await resetToken(email)
    const res = await t.request('/reset-password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token,
        new_password: NEW_PASSWORD,
        confirm_new_password: NEW_PASSWORD,
      }),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ message: 'Password reset successfully' })
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(
      (
        await t.json('GET', '/me', undefined, {
          headers: { authorization: `Bearer ${accessToken}` },
        })
      ).status,
    ).toBe(401)
    expect(
      (await t.json('GET', '/me', undefined, { headers: { cookie: `session_id=${cookie}` } }))
        .status,
    ).toBe(401)
    expect((await t.json('POST', '/login', { email, password: STRONG_PASSWORD })).status).toBe(401)
    expect((await t.json('POST', '/login', { email, password: NEW_PASSWORD })).status).toBe(200)
    const changed = await t.mail(email, 'Your password was changed')
    expect(changed.html.length).toBeGreaterThan(0)
    expect(changed.text).toContain('changed')
    expect(
      (await t.json('POST', '/reset-password', { token, new_password: 'yet another passphrase!' }))
        .status,
    ).toBe(400)
  })

  test('marks the email verified and evicts whoever registered it first', async () => {
    const email = uniqueEmail('victim')
    await t.json('POST', '/register', { email, password: 'attacker chosen password' })
    const token = await resetToken(email)
    expect(
      (await t.json('POST', '/reset-password', { token, new_password: NEW_PASSWORD })).status,
    ).toBe(200)
    expect(
      (await t.json('POST', '/login', { email, password: 'attacker chosen password' })).status,
    ).toBe(401)
    const login = await t.json('POST', '/login', { email, password: NEW_PASSWORD })
    expect(login.status).toBe(200)
    expect(login.body.user.is_verified).toBe(true)
  })

  test('400 when the confirmation differs; 422 for a weak password; 400 for a bad or expired token', async () => {
    const { email } = await t.signUp()
    const token = await resetToken(email)
    expect(
      await t.json('POST', '/reset-password', {
        token,
        new_password: NEW_PASSWORD,
        confirm_new_password: 'something else entirely',
      }),
    ).toMatchObject({ status: 400, body: { detail: 'Passwords do not match' } })
    const weak = await t.json('POST', '/reset-password', { token, new_password: 'short' })
    expect(weak.status).toBe(422)
    expect(weak.body.detail[0].loc).toEqual(['body', 'new_password'])
    const containsEmail = await t.json('POST', '/reset-password', {
      token,
      new_password: `${email} forever`,
    })
    expect(containsEmail.status).toBe(422)
    for (const [trivial, reason] of [
      [' '.repeat(16), /at least 4 different characters/],
      ['\u200b'.repeat(15), /at least 4 different characters/],
      ['987654321098765', /run of consecutive characters/],
      ['gate\u2060house forever', /name Gatehouse/],
      ['correct horse \ud800 battery', /valid Unicode text/],
    ] as const) {
      const refused = await t.json('POST', '/reset-password', { token, new_password: trivial })
      expect(refused.status).toBe(422)
      expect(refused.body.detail).toEqual([
        { loc: ['body', 'new_password'], msg: expect.stringMatching(reason), type: 'value_error' },
      ])
    }
    expect(
      await t.json('POST', '/reset-password', { token: 'x', new_password: NEW_PASSWORD }),
    ).toMatchObject({ status: 400, body: { detail: 'Invalid or expired reset token' } })
    t.clock.advance(3600 * 1000 + 1000)
    try {
      expect(
        (await t.json('POST', '/reset-password', { token, new_password: NEW_PASSWORD })).status,
      ).toBe(400)
    } finally {
      t.clock.advance(-(3600 * 1000 + 1000))
    }
  })

  test('GET shows the form and never consumes the token', async () => {
    const { email } = await t.signUp()
    const token = await resetToken(email)
    const page = await t.request(`/reset-password?token=${token}`, {
      headers: { accept: 'text/html' },
    })
    expect(page.status).toBe(200)
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    expect(await page.text()).toContain(`value="${token}"`)
    expect(
      (await t.json('POST', '/reset-password', { token, new_password: NEW_PASSWORD })).status,
    ).toBe(200)
  })

  test('50 concurrent uses of one token: exactly one success', async () => {
    const { email } = await t.signUp()
    const token = await resetToken(email)
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.json('POST', '/reset-password', { token, new_password: `${NEW_PASSWORD} number ${i}` }),
      ),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 400)).toHaveLength(49)
  })
})
