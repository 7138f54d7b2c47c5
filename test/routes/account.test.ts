// The account self-service routes over HTTP: each success and each error of the contract.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

setDefaultTimeout(60_000)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const NEW_PASSWORD = 'a brand new passphrase here'
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })
const cookie = (value: string) => ({ headers: { cookie: `session_id=${value}` } })

async function logIn(email: string, password = STRONG_PASSWORD) {
  const res = await t.json('POST', '/login', { email, password })
  return res.body.access_token as string
}

describe('without a session', () => {
  const routes: [string, string][] = [
    ['GET', '/account'],
    ['POST', '/account/password'],
    ['POST', '/account/email'],
    ['GET', '/account/sessions'],
    ['POST', '/account/sessions/revoke'],
    ['POST', '/account/sessions/revoke-others'],
    ['POST', '/account/delete'],
  ]
  test('JSON answers 401 "Invalid authentication credentials"', async () => {
    for (const [method, path] of routes) {
      const res = await t.json(method, path, method === 'POST' ? {} : undefined)
      expect([path, res.status]).toEqual([path, 401])
      expect(res.body).toEqual({ detail: 'Invalid authentication credentials' })
      expect(res.headers.get('www-authenticate')).toBe('Bearer')
    }
  })
  test('a revoked bearer is no session either', async () => {
    const user = await t.signUp()
    await t.json('POST', '/logout', undefined, bearer(user.accessToken))
    const res = await t.json('GET', '/account', undefined, bearer(user.accessToken))
    expect(res.status).toBe(401)
  })
  test('a page request is sent to log in and back', async () => {
    for (const path of ['/account', '/account/sessions']) {
      const res = await t.request(path, { headers: { accept: 'text/html' } })
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe(`/login?next=${path}`)
    }
  })
})

describe('GET /account', () => {
  test('the account as JSON, by bearer or cookie, with the pending address', async () => {
    const user = await t.signUp()
    const res = await t.json('GET', '/account', undefined, bearer(user.accessToken))
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: user.userId,
      email: user.email,
      is_active: true,
      is_verified: true,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      pending_email: null,
    })
    const newEmail = uniqueEmail('pending')
    await t.json(
      'POST',
      '/account/email',
      { current_password: STRONG_PASSWORD, new_email: newEmail },
      cookie(user.cookie),
    )
    const again = await t.json('GET', '/account', undefined, cookie(user.cookie))
    expect(again.body.pending_email).toBe(newEmail)
  })
  test('the account page for a browser', async () => {
    const user = await t.signUp()
    const res = await t.request('/account', {
      headers: { accept: 'text/html', cookie: `session_id=${user.cookie}` },
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(user.email)
  })
})

describe('POST /account/password', () => {
  test('changes it, keeps this session, ends the others, mails the notice', async () => {
    const user = await t.signUp()
    const other = await logIn(user.email)
    const res = await t.json(
      'POST',
      '/account/password',
      { current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD },
      bearer(user.accessToken),
    )
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ message: 'Password changed successfully', sessions_revoked: 1 })
    expect((await t.json('GET', '/account', undefined, bearer(user.accessToken))).status).toBe(200)
    expect((await t.json('GET', '/account', undefined, bearer(other))).status).toBe(401)
    await t.mail(user.email, 'Your password was changed')
    expect(
      (await t.json('POST', '/login', { email: user.email, password: NEW_PASSWORD })).status,
    ).toBe(200)
  })
  test('400 for a wrong current password, 400 for a mismatch, 422 for the policy', async () => {
    const user = await t.signUp()
    const auth = bearer(user.accessToken)
    const wrong = await t.json(
      'POST',
      '/account/password',
      { current_password: 'not the password at all', new_password: NEW_PASSWORD },
      auth,
    )
    expect(wrong.status).toBe(400)
    expect(wrong.body).toEqual({ detail: 'Current password is incorrect' })
    const mismatch = await t.json(
      'POST',
      '/account/password',
      {
        current_password: STRONG_PASSWORD,
        new_password: NEW_PASSWORD,
        confirm_new_password: 'something else entirely',
      },
      auth,
    )
    expect(mismatch.status).toBe(400)
    expect(mismatch.body).toEqual({ detail: 'Passwords do not match' })
    const weak = await t.json(
      'POST',
      '/account/password',
      { current_password: STRONG_PASSWORD, new_password: 'short' },
      auth,
    )
    expect(weak.status).toBe(422)
    expect(weak.body.detail[0].loc).toEqual(['body', 'new_password'])
    const missing = await t.json('POST', '/account/password', {}, auth)
    expect(missing.status).toBe(422)
  })
  test('a form post answers 303 to /account', async () => {
    const user = await t.signUp()
    const res = await t.request('/account/password', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost:3000',
        cookie: `session_id=${user.cookie}`,
      },
      body: new URLSearchParams({ current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD }),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/account')
    const flash = /flash=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1]
    const page = await t.request('/account', {
      headers: { accept: 'text/html', cookie: `session_id=${user.cookie}; flash=${flash}` },
    })
    expect(await page.text()).toContain('Your password was changed.')
  })
})

describe('the current password budget', () => {
  test('5 wrong current passwords give 429 with Retry-After', async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '5' } })
    try {
      const user = await limited.signUp()
      const statuses: number[] = []
      let last: Awaited<ReturnType<TestApp['json']>> | undefined
      for (let i = 0; i < 6; i++) {
        last = await limited.json(
          'POST',
          '/account/delete',
          { current_password: 'not the password at all' },
          bearer(user.accessToken),
        )
        statuses.push(last.status)
      }
      expect(statuses).toEqual([400, 400, 400, 400, 400, 429])
      expect(last!.body).toEqual({ detail: 'Rate limit exceeded' })
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0)
    } finally {
      await limited.close()
    }
  })
})

describe('change email', () => {
  test('202, then the mailed token switches the address (JSON GET), and again is 400', async () => {
    const user = await t.signUp()
    const newEmail = uniqueEmail('new')
    const res = await t.json(
      'POST',
      '/account/email',
      { current_password: STRONG_PASSWORD, new_email: newEmail.toUpperCase() },
      bearer(user.accessToken),
    )
    expect(res.status).toBe(202)
    expect(res.body).toEqual({ message: 'Check your new inbox to confirm the change' })
    await t.mail(user.email, 'Your email address is being changed')
    const { token } = await t.mail(newEmail, 'Confirm your new email address')
    // A page request (or a scanner) only gets the confirm page.
    const page = await t.request(`/confirm-email-change?token=${token}`, {
      headers: { accept: 'text/html' },
    })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(`value="${token}"`)
    const confirmed = await t.json('GET', `/confirm-email-change?token=${token}`)
    expect(confirmed.status).toBe(200)
    expect(confirmed.body).toEqual({ message: 'Email changed successfully' })
    const again = await t.json('GET', `/confirm-email-change?token=${token}`)
    expect(again.status).toBe(400)
    expect(again.body).toEqual({ detail: 'Invalid or expired email change token' })
    const me = await t.json('GET', '/account', undefined, bearer(user.accessToken))
    expect(me.body).toMatchObject({ email: newEmail, pending_email: null })
  })
  test('POST /confirm-email-change with the token; a bad one is 400', async () => {
    const user = await t.signUp()
    const newEmail = uniqueEmail('posted')
    await t.json(
      'POST',
      '/account/email',
      { current_password: STRONG_PASSWORD, new_email: newEmail },
      bearer(user.accessToken),
    )
    const { token } = await t.mail(newEmail, 'Confirm your new email address')
    const bad = await t.json('POST', '/confirm-email-change', { token: 'nope' })
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({ detail: 'Invalid or expired email change token' })
    const ok = await t.json('POST', '/confirm-email-change', { token })
    expect(ok.status).toBe(200)
    expect(ok.body).toEqual({ message: 'Email changed successfully' })
    expect(
      (await t.json('POST', '/login', { email: newEmail, password: STRONG_PASSWORD })).status,
    ).toBe(200)
    expect(
      (await t.json('POST', '/login', { email: user.email, password: STRONG_PASSWORD })).status,
    ).toBe(401)
  })
  test('400 for a wrong current password, 422 for an invalid email', async () => {
    const user = await t.signUp()
    const wrong = await t.json(
      'POST',
      '/account/email',
      { current_password: 'not the password at all', new_email: uniqueEmail() },
      bearer(user.accessToken),
    )
    expect(wrong.status).toBe(400)
    expect(wrong.body).toEqual({ detail: 'Current password is incorrect' })
    const invalid = await t.json(
      'POST',
      '/account/email',
      { current_password: STRONG_PASSWORD, new_email: 'not an email' },
      bearer(user.accessToken),
    )
    expect(invalid.status).toBe(422)
    expect(invalid.body.detail[0].loc).toEqual(['body', 'new_email'])
  })
})

describe('sessions', () => {
  test('lists them newest first, revokes one, then all others', async () => {
    const user = await t.signUp()
    const second = await logIn(user.email)
    const third = await logIn(user.email)
    const list = await t.json('GET', '/account/sessions', undefined, bearer(user.accessToken))
    expect(list.status).toBe(200)
    const sessions = list.body.sessions
    expect(sessions).toHaveLength(3)
    expect(sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1)
    expect(sessions.at(-1).current).toBe(true)
    expect(Object.keys(sessions[0]).sort()).toEqual(
      ['created_at', 'current', 'device', 'id', 'ip', 'last_seen_at', 'user_agent'].sort(),
    )
    const thirdId = (
      await t.json('GET', '/account/sessions', undefined, bearer(third))
    ).body.sessions.find((s: { current: boolean }) => s.current).id
    const revoked = await t.json(
      'POST',
      '/account/sessions/revoke',
      { session_id: thirdId },
      bearer(user.accessToken),
    )
    expect(revoked.status).toBe(200)
    expect(revoked.body).toEqual({ message: 'Session revoked' })
    expect((await t.json('GET', '/account', undefined, bearer(third))).status).toBe(401)
    const others = await t.json(
      'POST',
      '/account/sessions/revoke-others',
      undefined,
      bearer(user.accessToken),
    )
    expect(others.status).toBe(200)
    expect(others.body).toEqual({ message: 'Other sessions revoked', sessions_revoked: 1 })
    expect((await t.json('GET', '/account', undefined, bearer(second))).status).toBe(401)
    expect((await t.json('GET', '/account', undefined, bearer(user.accessToken))).status).toBe(200)
  })
  test('404 "Session not found" for an unknown id and for another user\'s', async () => {
    const user = await t.signUp()
    const stranger = await t.signUp()
    const theirs = (
      await t.json('GET', '/account/sessions', undefined, bearer(stranger.accessToken))
    ).body.sessions[0].id
    for (const id of ['no-such-session', theirs]) {
      const res = await t.json(
        'POST',
        '/account/sessions/revoke',
        { session_id: id },
        bearer(user.accessToken),
      )
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ detail: 'Session not found' })
    }
    expect((await t.json('GET', '/account', undefined, bearer(stranger.accessToken))).status).toBe(
      200,
    )
  })
})

describe('POST /account/delete', () => {
  test('deletes the account, clears the cookie; the email can register again', async () => {
    const user = await t.signUp()
    const wrong = await t.json(
      'POST',
      '/account/delete',
      { current_password: 'not the password at all' },
      cookie(user.cookie),
    )
    expect(wrong.status).toBe(400)
    expect(wrong.body).toEqual({ detail: 'Current password is incorrect' })
    const res = await t.json(
      'POST',
      '/account/delete',
      { current_password: STRONG_PASSWORD },
      cookie(user.cookie),
    )
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ message: 'Account deleted' })
    expect(res.headers.get('set-cookie')).toMatch(/session_id=;|Max-Age=0/)
    expect((await t.json('GET', '/account', undefined, cookie(user.cookie))).status).toBe(401)
    await t.mail(user.email, 'Your account was deleted')
    const again = await t.json('POST', '/register', {
      email: user.email,
      password: STRONG_PASSWORD,
    })
    expect(again.status).toBe(201)
  })
})

describe('pages and form posts', () => {
  const form = (sessionCookie: string, fields: Record<string, string>) => ({
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'http://localhost:3000',
      cookie: `session_id=${sessionCookie}`,
    },
    body: new URLSearchParams(fields),
  })
  test('the form pages and the sessions page, each posting to its URL', async () => {
    const user = await t.signUp()
    // "Sign out everywhere else" is offered when there is somewhere else.
    await logIn(user.email)
    const headers = { accept: 'text/html', cookie: `session_id=${user.cookie}` }
    for (const [path, action] of [
      ['/account/password', '/account/password'],
      ['/account/email', '/account/email'],
      ['/account/delete', '/account/delete'],
      ['/account/sessions', '/account/sessions/revoke-others'],
    ] as const) {
      const res = await t.request(path, { headers })
      expect([path, res.status]).toEqual([path, 200])
      expect(await res.text()).toContain(`action="${action}"`)
    }
    const account = await (await t.request('/account', { headers })).text()
    expect(account).toContain('href="/account/sessions"')
  })
  test('a form page without a session is sent to log in', async () => {
    const res = await t.request('/account/delete', { headers: { accept: 'text/html' } })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login?next=/account/delete')
  })
  test('email, sessions and delete forms answer 303 to where the contract says', async () => {
    const user = await t.signUp()
    await logIn(user.email)
    const email = await t.request(
      '/account/email',
      form(user.cookie, { current_password: STRONG_PASSWORD, new_email: uniqueEmail('form') }),
    )
    expect([email.status, email.headers.get('location')]).toEqual([303, '/account'])
    const others = await t.request('/account/sessions/revoke-others', form(user.cookie, {}))
    expect([others.status, others.headers.get('location')]).toEqual([303, '/account/sessions'])
    const deleted = await t.request(
      '/account/delete',
      form(user.cookie, { current_password: STRONG_PASSWORD }),
    )
    expect([deleted.status, deleted.headers.get('location')]).toEqual([303, '/'])
    expect(deleted.headers.get('set-cookie')).toMatch(/session_id=;/)
    const flash = /flash=([^;]+)/.exec(deleted.headers.get('set-cookie') ?? '')?.[1]
    const home = await t.request('/', {
      headers: { accept: 'text/html', cookie: `flash=${flash}` },
    })
    expect(await home.text()).toContain('Your account was deleted.')
  })
})
