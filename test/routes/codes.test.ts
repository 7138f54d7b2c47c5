// One-time codes beside links (JSON): every branch of verify, reset and email change by code,
// the answers that must equal a bad token's, single use both ways, and the two limits (5 wrong
// tries per code, 10 wrong codes per account per hour across its codes), counted atomically.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'drizzle-orm'
import { rowsOf } from '../../src/db/users'
import {
  createTestApp,
  STRONG_PASSWORD,
  type TestApp,
  testDatabase,
  uniqueEmail,
} from '../support/app'

const VERIFY_BAD = { status: 400, body: { detail: 'Invalid or expired verification token' } }
const RESET_BAD = { status: 400, body: { detail: 'Invalid or expired reset token' } }
const CHANGE_BAD = { status: 400, body: { detail: 'Invalid or expired email change token' } }
const NEW_PASSWORD = 'a fresh passphrase after the reset'
const VERIFY_SUBJECT = 'Verify your email address'
const RESET_SUBJECT = 'Reset your password'
const CHANGE_SUBJECT = 'Confirm your new email address'

let t: TestApp
/** The account limit out of the way: for tests about one code, not about the account. */
let roomy: TestApp
beforeAll(async () => {
  t = await createTestApp()
  roomy = await createTestApp({ env: { RATE_LIMIT_CODE_FAILURES_PER_EMAIL: '1000/1h' } })
})
afterAll(async () => {
  await t.close()
  await roomy.close()
})

const answer = (r: { status: number; body: unknown }) => ({ status: r.status, body: r.body })

/** A code of the same format that is not `code` (its last character moved on by one). */
function wrongCode(code: string, n = 1): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
  const last = alphabet.indexOf(code.at(-1)!)
  return code.slice(0, -1) + alphabet[(last + n) % alphabet.length]
}

async function registered(app = t, email = uniqueEmail('code')) {
  expect((await app.json('POST', '/register', { email, password: STRONG_PASSWORD })).status).toBe(
    201,
  )
  const mail = await app.mail(email, VERIFY_SUBJECT)
  return { email, code: mail.code!, token: mail.token! }
}

async function resendCode(app: TestApp, email: string) {
  const before = app.smtp.messages.filter((m) => m.to.includes(email)).length
  expect((await app.json('POST', '/resend-verification', { email })).status).toBe(200)
  await app.smtp.waitFor(
    () => app.smtp.messages.filter((m) => m.to.includes(email)).length > before,
    5000,
  )
  return (await app.mail(email, VERIFY_SUBJECT)).code!
}

async function resetCode(app: TestApp, email: string) {
  const before = app.smtp.messages.filter((m) => m.to.includes(email)).length
  expect((await app.json('POST', '/request-password-reset', { email })).status).toBe(200)
  await app.smtp.waitFor(
    () => app.smtp.messages.filter((m) => m.to.includes(email)).length > before,
    5000,
  )
  const mail = await app.mail(email, RESET_SUBJECT)
  return { code: mail.code!, token: mail.token! }
}

const verify = (app: TestApp, email: string, code: string) =>
  app.json('POST', '/verify-email', { email, code }).then(answer)

const reset = (app: TestApp, email: string, code: string, extra = {}) =>
  app
    .json('POST', '/reset-password', { email, code, new_password: NEW_PASSWORD, ...extra })
    .then(answer)

const login = (app: TestApp, email: string, password: string) =>
  app.json('POST', '/login', { email, password }).then((r) => r.status)

describe('verify by code', () => {
  test('the mailed code verifies, typed in any case, with or without the dash', async () => {
    const a = await registered()
    expect(a.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
    expect(await verify(t, a.email, a.code.toLowerCase().replace('-', ''))).toEqual({
      status: 200,
      body: { message: 'Email verified successfully' },
    })
    expect(await login(t, a.email, STRONG_PASSWORD)).toBe(200)
    // The address is compared as every route compares it.
    const b = await registered()
    expect((await verify(t, `  ${b.email.toUpperCase()} `, b.code)).status).toBe(200)
  })

  test('Crockford readings: I and L count as 1, O as 0', async () => {
    // Codes are random: sign up until one holds a 1 or a 0 (about 1 in 3.7 do not).
    for (let i = 0; i < 20; i++) {
      const a = await registered()
      if (!/[01]/.test(a.code)) continue
      const typed = a.code.replace(/1/g, 'l').replace(/0/g, 'O').replace('-', ' ')
      expect(await verify(t, a.email, typed)).toMatchObject({ status: 200 })
      return
    }
    throw new Error('no code with a 0 or a 1 in 20 sign-ups')
  })

  test('a wrong, malformed, used or expired code and an unknown email answer as a bad token', async () => {
    const badToken = answer(await t.json('POST', '/verify-email', { token: 'x'.repeat(43) }))
    expect(badToken).toEqual(VERIFY_BAD)
    const a = await registered()
    expect(await verify(t, a.email, wrongCode(a.code))).toEqual(badToken)
    expect(await verify(t, a.email, 'ABC')).toEqual(badToken)
    expect(await verify(t, a.email, 'UUUU-UUUU')).toEqual(badToken)
    expect(await verify(t, uniqueEmail('nobody'), a.code)).toEqual(badToken)
    expect((await verify(t, a.email, a.code)).status).toBe(200)
    // A code used once answers as a wrong one (its link says "already verified", as before).
    expect(await verify(t, a.email, a.code)).toEqual(badToken)
    const b = await registered()
    t.clock.advance(24 * 3600 * 1000 + 1000)
    try {
      expect(await verify(t, b.email, b.code)).toEqual(badToken)
    } finally {
      t.clock.advance(-(24 * 3600 * 1000 + 1000))
    }
    expect((await verify(t, b.email, b.code)).status).toBe(200)
  })

  test('a code is no token: {email, code} of another account never verifies it', async () => {
    const a = await registered()
    const b = await registered()
    expect(await verify(t, b.email, a.code)).toEqual(VERIFY_BAD)
    expect((await verify(t, a.email, a.code)).status).toBe(200)
  })

  test('invalid input is a 422 like any other: no email, a code of the wrong type', async () => {
    const missing = await t.json('POST', '/verify-email', { code: 'ABCD-2345' })
    expect(missing.status).toBe(422)
    expect(missing.body.detail[0]).toMatchObject({ loc: ['body', 'email'], type: 'missing' })
    const typed = await t.json('POST', '/verify-email', { email: 'a@b.io', code: 12345678 })
    expect(typed.status).toBe(422)
    expect(typed.body.detail[0]).toMatchObject({ loc: ['body', 'code'], type: 'string_type' })
  })

  test('the code kills its link, and the link kills its code', async () => {
    const a = await registered()
    expect((await verify(t, a.email, a.code)).status).toBe(200)
    const { db } = await testDatabase()
    const rows = rowsOf<{ used: boolean }>(
      await db.execute(sql`select used_at is not null as used from email_verification_tokens
        where user_id = (select id from users where email = ${a.email})`),
    )
    expect(rows).toEqual([{ used: true }])
    const b = await registered()
    expect(answer(await t.json('POST', '/verify-email', { token: b.token }))).toMatchObject({
      status: 200,
    })
    expect(await verify(t, b.email, b.code)).toEqual(VERIFY_BAD)
  })

  test('5 wrong tries kill a code: the right one on the 6th try fails', async () => {
    const a = await registered(roomy)
    for (let n = 1; n <= 5; n++)
      expect(await verify(roomy, a.email, wrongCode(a.code, n))).toEqual(VERIFY_BAD)
    expect(await verify(roomy, a.email, a.code)).toEqual(VERIFY_BAD)
    // Its link still works: the limit guards the code, a guessable secret, not the link.
    expect((await roomy.json('POST', '/verify-email', { token: a.token })).status).toBe(200)
    // Four wrong tries leave it usable.
    const b = await registered(roomy)
    for (let n = 1; n <= 4; n++) await verify(roomy, b.email, wrongCode(b.code, n))
    expect((await verify(roomy, b.email, b.code)).status).toBe(200)
  })

  test('20 concurrent uses of one code: exactly one succeeds', async () => {
    const a = await registered(roomy)
    const results = await Promise.all(
      Array.from({ length: 20 }, () => verify(roomy, a.email, a.code)),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 200)[0]!.body).toEqual({
      message: 'Email verified successfully',
    })
    expect(results.filter((r) => r.status !== 200)).toEqual(Array(19).fill(VERIFY_BAD))
  })

  test('20 concurrent wrong tries are all counted against the code', async () => {
    const a = await registered(roomy)
    await Promise.all(
      Array.from({ length: 20 }, (_, n) => verify(roomy, a.email, wrongCode(a.code, n + 1))),
    )
    const { db } = await testDatabase()
    const [row] = rowsOf<{ code_attempts: number }>(
      await db.execute(sql`select code_attempts from email_verification_tokens
        where user_id = (select id from users where email = ${a.email})`),
    )
    expect(Number(row!.code_attempts)).toBe(20)
  })
})

describe('the account limit: 10 wrong codes per hour across all its codes', () => {
  const expect429 = (r: { status: number; body: unknown; headers: Headers }) => {
    expect({ status: r.status, body: r.body }).toEqual({
      status: 429,
      body: { detail: 'Rate limit exceeded' },
    })
    const retry = Number(r.headers.get('retry-after'))
    expect(retry).toBeGreaterThan(0)
    expect(retry).toBeLessThanOrEqual(3600)
    expect(r.headers.get('ratelimit-limit')).toBe('10')
    expect(r.headers.get('ratelimit-remaining')).toBe('0')
    expect(r.headers.get('ratelimit-reset')).toBe(String(retry))
  }

  /** 4 wrong, a fresh code, 3 wrong, a fresh code, 2 wrong: 9 wrong over 3 codes. */
  async function nineWrong() {
    const a = await registered()
    const wrong = async (code: string, n: number) => {
      for (let i = 1; i <= n; i++)
        expect(await verify(t, a.email, wrongCode(code, i))).toEqual(VERIFY_BAD)
    }
    await wrong(a.code, 4)
    const second = await resendCode(t, a.email)
    await wrong(second, 3)
    const third = await resendCode(t, a.email)
    expect(new Set([a.code, second, third]).size).toBe(3)
    await wrong(third, 2)
    return { ...a, third, wrong }
  }

  test('10 wrong codes spread over 3 fresh codes of one account hit it; 9 do not', async () => {
    // Nine: the right code of the newest mail still works (and is not counted).
    const control = await nineWrong()
    expect((await verify(t, control.email, control.third)).status).toBe(200)
    // Ten: even the right code of the newest mail is refused.
    const a = await nineWrong()
    await a.wrong(a.third, 1)
    expect429(await t.json('POST', '/verify-email', { email: a.email, code: a.third }))
    // The link still works: the limit is on codes.
    const { token } = await t.mail(a.email, VERIFY_SUBJECT)
    expect((await t.json('POST', '/verify-email', { token })).status).toBe(200)
  })

  test('one budget across flows: wrong verify codes and wrong reset codes add up', async () => {
    const a = await registered()
    for (let i = 1; i <= 4; i++) await verify(t, a.email, wrongCode(a.code, i))
    expect((await verify(t, a.email, a.code)).status).toBe(200)
    const { code } = await resetCode(t, a.email)
    // The 5th and 6th find the code dead already; they still count for the account.
    for (let i = 1; i <= 6; i++)
      expect(await reset(t, a.email, wrongCode(code, i))).toEqual(RESET_BAD)
    const r = await t.json('POST', '/reset-password', {
      email: a.email,
      code,
      new_password: NEW_PASSWORD,
    })
    expect429(r)
  })

  test('an unknown email is limited identically', async () => {
    const nobody = uniqueEmail('nobody')
    for (let i = 0; i < 10; i++) expect(await verify(t, nobody, 'ABCD-2345')).toEqual(VERIFY_BAD)
    expect429(await t.json('POST', '/verify-email', { email: nobody, code: 'ABCD-2345' }))
  })

  test('20 concurrent wrong codes: exactly 10 are answered, 10 get 429', async () => {
    const a = await registered()
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) => verify(t, a.email, wrongCode(a.code, (n % 30) + 1))),
    )
    expect(results.filter((r) => r.status === 400)).toHaveLength(10)
    expect(results.filter((r) => r.status === 429)).toHaveLength(10)
  })
})

describe('reset by code', () => {
  test('the mailed code resets the password; its link is dead afterwards', async () => {
    const { email } = await t.signUp()
    const { code, token } = await resetCode(t, email)
    expect(await reset(t, email, code, { confirm_new_password: NEW_PASSWORD })).toEqual({
      status: 200,
      body: { message: 'Password reset successfully' },
    })
    expect(await login(t, email, NEW_PASSWORD)).toBe(200)
    expect(await login(t, email, STRONG_PASSWORD)).toBe(401)
    const link = await t.json('POST', '/reset-password', { token, new_password: STRONG_PASSWORD })
    expect(answer(link)).toEqual(RESET_BAD)
    expect(await reset(t, email, code)).toEqual(RESET_BAD)
  })

  test('the link kills the code', async () => {
    const { email } = await t.signUp()
    const { code, token } = await resetCode(t, email)
    expect(
      (await t.json('POST', '/reset-password', { token, new_password: NEW_PASSWORD })).status,
    ).toBe(200)
    expect(await reset(t, email, code, { new_password: 'yet another long passphrase' })).toEqual(
      RESET_BAD,
    )
  })

  test('wrong, expired, unknown email: as a bad token; passwords checked first, code kept', async () => {
    const badToken = answer(
      await t.json('POST', '/reset-password', {
        token: 'y'.repeat(43),
        new_password: NEW_PASSWORD,
      }),
    )
    expect(badToken).toEqual(RESET_BAD)
    const { email } = await t.signUp()
    const { code } = await resetCode(t, email)
    expect(await reset(t, email, wrongCode(code))).toEqual(badToken)
    expect(await reset(t, uniqueEmail('nobody'), code)).toEqual(badToken)
    expect(
      await reset(t, email, code, { confirm_new_password: 'something else entirely' }),
    ).toEqual({
      status: 400,
      body: { detail: 'Passwords do not match' },
    })
    const weak = await t.json('POST', '/reset-password', { email, code, new_password: 'short' })
    expect(weak.status).toBe(422)
    const withEmail = await t.json('POST', '/reset-password', {
      email,
      code,
      new_password: `${email} is my password`,
    })
    expect(withEmail.status).toBe(422)
    t.clock.advance(3600 * 1000 + 1000)
    try {
      expect(await reset(t, email, code)).toEqual(badToken)
    } finally {
      t.clock.advance(-(3600 * 1000 + 1000))
    }
    expect((await reset(t, email, code)).status).toBe(200)
  })

  test('20 concurrent resets with one code: exactly one succeeds', async () => {
    const { email } = await roomy.signUp()
    const { code } = await resetCode(roomy, email)
    const results = await Promise.all(Array.from({ length: 20 }, () => reset(roomy, email, code)))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status !== 200)).toEqual(Array(19).fill(RESET_BAD))
  })
})

describe('email change by code', () => {
  async function changeRequested(app = t) {
    const user = await app.signUp()
    const newEmail = uniqueEmail('new')
    const asked = await app.json(
      'POST',
      '/account/email',
      { current_password: STRONG_PASSWORD, new_email: newEmail },
      { headers: { authorization: `Bearer ${user.accessToken}` } },
    )
    expect(asked.status).toBe(202)
    const mail = await app.mail(newEmail, CHANGE_SUBJECT)
    return { ...user, newEmail, code: mail.code!, token: mail.token! }
  }
  const confirm = (app: TestApp, code: string, bearer?: string) =>
    app
      .json(
        'POST',
        '/confirm-email-change',
        { code },
        { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} },
      )
      .then(answer)

  test('the code with a session of that user switches the address; its link is dead', async () => {
    const u = await changeRequested()
    expect(await confirm(t, u.code.toLowerCase(), u.accessToken)).toEqual({
      status: 200,
      body: { message: 'Email changed successfully' },
    })
    expect(await login(t, u.newEmail, STRONG_PASSWORD)).toBe(200)
    expect(await login(t, u.email, STRONG_PASSWORD)).toBe(401)
    expect(answer(await t.json('POST', '/confirm-email-change', { token: u.token }))).toEqual(
      CHANGE_BAD,
    )
  })

  test('the link kills the code', async () => {
    const u = await changeRequested()
    expect((await t.json('POST', '/confirm-email-change', { token: u.token })).status).toBe(200)
    expect(await confirm(t, u.code, u.accessToken)).toEqual(CHANGE_BAD)
  })

  test("without a session: 401; with another user's session or a wrong code: as a bad token", async () => {
    const u = await changeRequested()
    expect(await confirm(t, u.code)).toEqual({
      status: 401,
      body: { detail: 'Invalid authentication credentials' },
    })
    const other = await t.signUp()
    expect(await confirm(t, u.code, other.accessToken)).toEqual(CHANGE_BAD)
    expect(await confirm(t, wrongCode(u.code), u.accessToken)).toEqual(CHANGE_BAD)
    const badToken = answer(
      await t.json('POST', '/confirm-email-change', { token: 'z'.repeat(43) }),
    )
    expect(badToken).toEqual(CHANGE_BAD)
    expect((await confirm(t, u.code, u.accessToken)).status).toBe(200)
  })

  test('5 wrong tries kill it; expired after 24 hours', async () => {
    const u = await changeRequested(roomy)
    for (let n = 1; n <= 5; n++) await confirm(roomy, wrongCode(u.code, n), u.accessToken)
    expect(await confirm(roomy, u.code, u.accessToken)).toEqual(CHANGE_BAD)
    const v = await changeRequested(roomy)
    roomy.clock.advance(24 * 3600 * 1000 + 1000)
    try {
      // The session is long gone by then too: a fresh log-in brings one.
      const session = await roomy.json('POST', '/login', {
        email: v.email,
        password: STRONG_PASSWORD,
      })
      expect(await confirm(roomy, v.code, session.body.access_token)).toEqual(CHANGE_BAD)
    } finally {
      roomy.clock.advance(-(24 * 3600 * 1000 + 1000))
    }
  })
})

describe('storage', () => {
  test('only a keyed hash of the code is stored, beside its link token', async () => {
    const a = await registered()
    const { db } = await testDatabase()
    const [row] = rowsOf<{ code_hash: string; token_hash: string }>(
      await db.execute(sql`select code_hash, token_hash from email_verification_tokens
        where user_id = (select id from users where email = ${a.email})`),
    )
    const plain = a.code.replace('-', '')
    expect(row!.code_hash).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(row!.code_hash).not.toContain(plain)
    // Not the plain SHA-256 a dump could be tested against offline: it takes the server's key.
    const digest = new Uint8Array(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(plain)),
    )
    const unkeyed = Buffer.from(digest).toString('base64url')
    expect(row!.code_hash).not.toBe(unkeyed)
    expect(t.log.join('\n')).not.toContain(plain)
  })
})

describe('OpenAPI', () => {
  test('documents the code alternatives of the three routes, and the account limit', async () => {
    const doc = (await t.json('GET', '/openapi.json')).body
    const schemas = doc.components.schemas
    const body = (path: string) =>
      doc.paths[path].post.requestBody.content['application/json'].schema.$ref.split('/').at(-1)
    expect(schemas[body('/verify-email')].oneOf).toEqual([
      { $ref: '#/components/schemas/TokenInput' },
      { $ref: '#/components/schemas/VerifyEmailCodeInput' },
    ])
    expect(schemas.VerifyEmailCodeInput.required.sort()).toEqual(['code', 'email'])
    expect(schemas[body('/reset-password')].oneOf).toContainEqual({
      $ref: '#/components/schemas/ResetPasswordCodeInput',
    })
    expect(schemas.ResetPasswordCodeInput.required.sort()).toEqual([
      'code',
      'email',
      'new_password',
    ])
    expect(schemas[body('/confirm-email-change')].oneOf).toContainEqual({
      $ref: '#/components/schemas/EmailChangeCodeInput',
    })
    for (const path of ['/verify-email', '/reset-password', '/confirm-email-change'])
      expect(doc.paths[path].post.description).toContain(
        '10 wrong codes per 3600 s per account, across all its codes',
      )
  })
})
