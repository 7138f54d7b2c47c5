import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('POST /register', () => {
  test('201 with the contract body, and a verification mail with a working link', async () => {
    const email = uniqueEmail()
    const res = await t.json('POST', '/register', { email, password: STRONG_PASSWORD })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      message: 'User registered successfully',
      email_sent: true,
      user_id: expect.any(Number),
    })
    const mail = await t.mail(email, 'Verify your email address')
    expect(mail.text).toContain('This link will expire in 24 hours')
    expect(mail.html).toContain('This link will expire in 24 hours')
    expect(mail.text).toMatch(/ignore this email/)
    expect(mail.text).toContain('http://localhost:3000/verify-email?token=')
    expect(mail.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  test('emails are trimmed and lower-cased; the same address in other case is taken', async () => {
    const email = uniqueEmail()
    const first = await t.json('POST', '/register', {
      email: `  ${email.toUpperCase()} `,
      password: STRONG_PASSWORD,
    })
    expect(first.status).toBe(201)
    await t.mail(email, 'Verify your email address')
    const again = await t.json('POST', '/register', { email, password: STRONG_PASSWORD })
    expect(again.status).toBe(400)
    expect(again.body).toEqual({ detail: 'Email already registered' })
  })

  test('422 in FastAPI shape for missing, mistyped and invalid fields', async () => {
    const missing = await t.json('POST', '/register', { email: uniqueEmail() })
    expect(missing.status).toBe(422)
    expect(missing.body.detail).toEqual([
      { loc: ['body', 'password'], msg: 'Field required', type: 'missing' },
    ])
    const wrongType = await t.json('POST', '/register', { email: uniqueEmail(), password: 12345 })
    expect(wrongType.status).toBe(422)
    expect(wrongType.body.detail[0]).toMatchObject({
      loc: ['body', 'password'],
      type: 'string_type',
    })
    const badEmail = await t.json('POST', '/register', {
      email: 'not-an-email',
      password: STRONG_PASSWORD,
    })
    expect(badEmail.status).toBe(422)
    expect(badEmail.body.detail[0].loc).toEqual(['body', 'email'])
    const notObject = await t.json('POST', '/register', [1, 2])
    expect(notObject.status).toBe(422)
    expect(notObject.body.detail[0].loc).toEqual(['body'])
  })

  test('the password policy: length in code points after NFKC, blocklist, email and app name', async () => {
    const email = uniqueEmail()
    const cases: [string, RegExp][] = [
      ['short-passw0rd', /at least 15/],
      ['x'.repeat(257), /at most 256/],
      ['Q1W2E3R4T5Y6U7I8O9P0', /too common/],
      [`my ${email} secret`, /email/],
      ['my gatehouse password!', /Gatehouse/],
    ]
    for (const [password, reason] of cases) {
      const res = await t.json('POST', '/register', { email, password })
      expect(res.status).toBe(422)
      expect(res.body.detail[0].loc).toEqual(['body', 'password'])
      expect(res.body.detail[0].msg).toMatch(reason)
    }
    // 15 code points even though some take two UTF-16 units; never truncated at 256.
    expect(
      (await t.json('POST', '/register', { email: uniqueEmail(), password: '🔑🔑🔑🔑 emoji pass' }))
        .status,
    ).toBe(201)
    expect(
      (await t.json('POST', '/register', { email: uniqueEmail(), password: '🔑🔑🔑 emoji pass' }))
        .status,
    ).toBe(422)
    expect(
      (await t.json('POST', '/register', { email: uniqueEmail(), password: 'éàü '.repeat(64) }))
        .status,
    ).toBe(422)
    const long = Array.from({ length: 256 }, (_, i) => String.fromCodePoint(0xe0 + (i % 29))).join(
      '',
    )
    expect(
      (await t.json('POST', '/register', { email: uniqueEmail(), password: long })).status,
    ).toBe(201)
  })

  test('trivial passwords: 422 naming the reason, at the password field', async () => {
    const cases: [string, RegExp][] = [
      [' '.repeat(15), /at least 4 different characters/],
      ['a'.repeat(15), /repeated/],
      ['\u0000'.repeat(15), /control characters/],
      ['\u200b'.repeat(15), /at least 4 different characters/],
      ['\u0301'.repeat(15), /repeated/],
      ['gate\u200dhouse is my home', /name Gatehouse/],
      ['abcabcabcabcabc', /repeated/],
      ['123456789012345', /run of consecutive characters/],
      ['zyxwvutsrqponmlk', /run of consecutive characters/],
    ]
    for (const [password, reason] of cases) {
      const res = await t.json('POST', '/register', { email: uniqueEmail(), password })
      expect(res.status).toBe(422)
      expect(res.body.detail).toEqual([
        { loc: ['body', 'password'], msg: expect.stringMatching(reason), type: 'value_error' },
      ])
    }
  })

  test('lone surrogates are refused however they arrive: JSON escapes, form bytes, multipart', async () => {
    const unicode = /valid Unicode text/
    // JSON "\ud800" escapes decode to a lone surrogate, which argon2's UTF-8 input would turn
    // into U+FFFD: "\ud800…" and "\udbff…" would be one password.
    for (const escaped of ['\\ud800', '\\udfff', '\\udbff\\ud7ff']) {
      const body = `{"email":"${uniqueEmail()}","password":"correct horse ${escaped} battery"}`
      const res = await t.json('POST', '/register', body)
      expect(res.status).toBe(422)
      expect(res.body.detail).toEqual([
        { loc: ['body', 'password'], msg: expect.stringMatching(unicode), type: 'value_error' },
      ])
    }
    // A form body cannot carry a surrogate: its undecodable bytes arrive as U+FFFD.
    const form = await t.request('/register', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost:3000',
      },
      body: `email=${encodeURIComponent(uniqueEmail())}&password=correct+horse+%ED%A0%80+battery`,
    })
    expect(form.status).toBe(422)
    expect(await form.text()).toContain('valid Unicode text')
    const multipart = new FormData()
    multipart.set('email', uniqueEmail())
    multipart.set('password', 'correct horse \ud800 battery')
    const parts = await t.request('/register', {
      method: 'POST',
      headers: { origin: 'http://localhost:3000' },
      body: multipart,
    })
    expect(parts.status).toBe(422)
    expect(await parts.text()).toContain('valid Unicode text')
  })

  test('20 concurrent registrations of one email: exactly one 201, the rest 400, no 5xx', async () => {
    const email = uniqueEmail('race')
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.json('POST', '/register', { email, password: STRONG_PASSWORD }),
      ),
    )
    const statuses = results.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 400)).toHaveLength(19)
  })
})
