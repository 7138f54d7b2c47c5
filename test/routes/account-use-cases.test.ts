// The account self-service use-cases on the real stores, database and SMTP server (routes come later).
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { confirmEmailChange, requestEmailChange } from '../../src/auth/change-email'
import { changePassword } from '../../src/auth/change-password'
import { deleteAccount } from '../../src/auth/delete-account'
import { validateSession } from '../../src/auth/session'
import { listSessions, revokeOtherSessions, revokeSession } from '../../src/auth/sessions'
import type { Authenticated } from '../../src/deps'
import { createTestApp, STRONG_PASSWORD, type TestApp } from '../support/app'

setDefaultTimeout(60_000)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

async function logIn(email: string, password = STRONG_PASSWORD, ua = 'curl/8.5.0') {
  const res = await t.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': ua },
    body: JSON.stringify({ email, password }),
  })
  const cookie = /session_id=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1]
  return { status: res.status, cookie }
}

async function auth(cookie: string): Promise<Authenticated | null> {
  return validateSession(t.deps, { cookie })
}

describe('change password', () => {
  test('keeps the current session, ends the others, mails the notice; wrong current is 400', async () => {
    const user = await t.signUp()
    const other = await logIn(user.email)
    const me = (await auth(user.cookie))!
    const wrong = await changePassword(
      t.deps,
      me,
      {
        currentPassword: 'not the password at all',
        newPassword: 'a brand new passphrase here',
      },
      '10.0.0.1',
    )
    expect(wrong).toMatchObject({ ok: false, code: 'CURRENT_PASSWORD_INCORRECT' })
    const mismatch = await changePassword(
      t.deps,
      me,
      {
        currentPassword: STRONG_PASSWORD,
        newPassword: 'a brand new passphrase here',
        confirmNewPassword: 'something else entirely',
      },
      '10.0.0.1',
    )
    expect(mismatch).toMatchObject({ ok: false, code: 'PASSWORDS_DO_NOT_MATCH' })
    const weak = await changePassword(
      t.deps,
      me,
      {
        currentPassword: STRONG_PASSWORD,
        newPassword: 'short',
      },
      '10.0.0.1',
    )
    expect(weak).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' })
    const done = await changePassword(
      t.deps,
      me,
      {
        currentPassword: STRONG_PASSWORD,
        newPassword: 'a brand new passphrase here',
      },
      '10.0.0.1',
    )
    expect(done).toEqual({ ok: true, sessionsRevoked: 1 })
    expect(await auth(user.cookie)).not.toBeNull()
    expect(await auth(other.cookie!)).toBeNull()
    expect(
      (
        await t.json('GET', '/me', undefined, {
          headers: { authorization: `Bearer ${user.accessToken}` },
        })
      ).status,
    ).toBe(200)
    const mail = await t.mail(user.email, 'Your password was changed')
    expect(mail.html).toBeTruthy()
    expect((await logIn(user.email)).status).toBe(401)
    expect((await logIn(user.email, 'a brand new passphrase here')).status).toBe(200)
  })

  test('5 wrong current passwords give 429 (the failed log-in counter)', async () => {
    const app = await createTestApp({ env: { RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '5/15m' } })
    try {
      const user = await app.signUp()
      const me = (await validateSession(app.deps, { cookie: user.cookie }))!
      const codes = []
      for (let i = 0; i < 6; i++) {
        const r = await changePassword(
          app.deps,
          me,
          {
            currentPassword: `wrong password number ${i}`,
            newPassword: 'a brand new passphrase here',
          },
          '10.0.0.1',
        )
        codes.push(r.ok ? 'ok' : r.code)
      }
      expect(codes.at(-1)).toBe('RATE_LIMITED')
      expect(codes.slice(0, 5).every((c) => c === 'CURRENT_PASSWORD_INCORRECT')).toBe(true)
    } finally {
      await app.close()
    }
  })
})

describe('sessions', () => {
  test('list newest first with device and IP; revoke one; revoke others', async () => {
    const user = await t.signUp()
    await logIn(
      user.email,
      STRONG_PASSWORD,
      'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    )
    const third = await logIn(user.email)
    const me = (await auth(user.cookie))!
    const list = await listSessions(t.deps, me)
    expect(list).toHaveLength(3)
    expect(list.filter((s) => s.current)).toHaveLength(1)
    expect(list.map((s) => s.device)).toContain('Firefox on Linux')
    expect(list[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(list[2]!.createdAt.getTime())
    const target = list.find((s) => !s.current && s.device === 'curl')!
    expect(await revokeSession(t.deps, me, 'no-such-id')).toMatchObject({
      code: 'SESSION_NOT_FOUND',
    })
    expect(await revokeSession(t.deps, me, target.id)).toEqual({ ok: true, current: false })
    expect(await auth(third.cookie!)).toBeNull()
    expect(await revokeOtherSessions(t.deps, me)).toEqual({ sessionsRevoked: 1 })
    expect(await listSessions(t.deps, me)).toHaveLength(1)
    const stranger = await t.signUp()
    const theirs = (await listSessions(t.deps, (await auth(stranger.cookie))!))[0]!
    expect(await revokeSession(t.deps, me, theirs.id)).toMatchObject({ code: 'SESSION_NOT_FOUND' })
  })
})

describe('change email', () => {
  test('link to the new address, notice to the old; confirm switches; 20 concurrent: one wins', async () => {
    const user = await t.signUp()
    const other = await logIn(user.email)
    const me = (await auth(user.cookie))!
    const newEmail = `new-${user.email}`
    expect(
      await requestEmailChange(
        t.deps,
        me,
        { currentPassword: STRONG_PASSWORD, newEmail },
        '10.0.0.1',
      ),
    ).toEqual({ ok: true })
    expect((await t.deps.db.findAccount(user.userId))!.pendingEmail).toBe(newEmail)
    const notice = await t.mail(user.email, 'Your email address is being changed')
    expect(notice.text).toContain(newEmail)
    const link = await t.mail(newEmail, 'Confirm your new email address')
    expect(link.token).toBeTruthy()
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        confirmEmailChange(t.deps, { token: link.token! }, '10.0.0.1'),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(await confirmEmailChange(t.deps, { token: link.token! }, '10.0.0.1')).toMatchObject({
      code: 'EMAIL_CHANGE_TOKEN_INVALID',
    })
    await t.mail(user.email, 'Your email address was changed')
    expect(await auth(other.cookie!)).toBeNull()
    expect((await auth(user.cookie))!.session.email).toBe(newEmail)
    expect((await logIn(user.email)).status).toBe(401)
    expect((await logIn(newEmail)).status).toBe(200)
  })

  test('a taken address gets the same answer and no mail, and can never be confirmed', async () => {
    const user = await t.signUp()
    const taken = await t.signUp()
    const me = (await auth(user.cookie))!
    const before = t.smtp.messages.filter((m) => m.to.includes(taken.email)).length
    expect(
      await requestEmailChange(
        t.deps,
        me,
        { currentPassword: STRONG_PASSWORD, newEmail: taken.email },
        '10.0.0.1',
      ),
    ).toEqual({ ok: true })
    await t.mail(user.email, 'Your email address is being changed')
    expect(t.smtp.messages.filter((m) => m.to.includes(taken.email)).length).toBe(before)
    expect((await t.deps.db.findAccount(user.userId))!.pendingEmail).toBe(taken.email)
  })
})

describe('delete account', () => {
  test('ends every session, removes the user, mails the address; the email registers again', async () => {
    const user = await t.signUp()
    const other = await logIn(user.email)
    const result = await deleteAccount(t.deps, user.userId)
    expect(result).toMatchObject({ ok: true, sessionsRevoked: 2 })
    expect(await auth(user.cookie)).toBeNull()
    expect(await auth(other.cookie!)).toBeNull()
    expect(await t.deps.db.findUserById(user.userId)).toBeNull()
    const mail = await t.mail(user.email, 'Your account was deleted')
    expect(mail.text).toContain('deleted')
    const again = await t.json('POST', '/register', {
      email: user.email,
      password: STRONG_PASSWORD,
    })
    expect(again.status).toBe(201)
    expect(await deleteAccount(t.deps, user.userId)).toMatchObject({ code: 'NOT_FOUND' })
  })
})
