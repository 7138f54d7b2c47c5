// The account forms as a browser posts them: a refused form comes back with the field at fault,
// the typed address kept and no password echoed, at the contract's status; the successes leave
// a one-time notice behind their 303.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { APP_URL, createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

setDefaultTimeout(60_000)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const NEW_PASSWORD = 'a brand new passphrase here'
const WRONG = 'not the password at all'

function post(app: TestApp, path: string, cookie: string, fields: Record<string, string>) {
  return app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
      origin: APP_URL,
      cookie: `session_id=${cookie}`,
    },
    body: new URLSearchParams(fields),
  })
}

/** The page behind a 303 with its one-time notice (the flash cookie the 303 set). */
async function after(res: Response, cookie: string) {
  const flash = /flash=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1]
  const page = await t.request(res.headers.get('location')!, {
    headers: { accept: 'text/html', cookie: `session_id=${cookie}; flash=${flash}` },
  })
  return page.text()
}

/** The error shown under a field, and whether the input is marked invalid. */
function fieldError(html: string, name: string) {
  const error = new RegExp(`id="field-${name}-error"[^>]*>(.*?)</p>`).exec(html)?.[1]
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? ''
  return {
    error: error?.replace(/<[^>]+>/g, '').trim(),
    invalid: input.includes('aria-invalid="true"'),
  }
}

const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? ''

describe('change password form', () => {
  test('a wrong current password: 400, the same form, the error on that field', async () => {
    const user = await t.signUp()
    const res = await post(t, '/account/password', user.cookie, {
      current_password: WRONG,
      new_password: NEW_PASSWORD,
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(title(html)).toStartWith('Error: Change your password')
    expect(html).toContain('action="/account/password"')
    expect(fieldError(html, 'current_password')).toEqual({
      error: 'Error: Current password is incorrect.',
      invalid: true,
    })
    expect(html).toContain('role="alert"')
    // Neither password is sent back.
    expect(html).not.toContain(WRONG)
    expect(html).not.toContain(NEW_PASSWORD)
    // Nothing changed: the old password still logs in.
    expect(
      (await t.json('POST', '/login', { email: user.email, password: STRONG_PASSWORD })).status,
    ).toBe(200)
  })

  test('a mismatch: 400 with the error on the repeat field', async () => {
    const user = await t.signUp()
    const res = await post(t, '/account/password', user.cookie, {
      current_password: STRONG_PASSWORD,
      new_password: NEW_PASSWORD,
      confirm_new_password: 'something else entirely',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(fieldError(html, 'confirm_new_password')).toEqual({
      error: 'Error: The passwords do not match.',
      invalid: true,
    })
    expect(fieldError(html, 'current_password').invalid).toBe(false)
  })

  test('outside the policy: 422 with the reason on the new password; missing fields: 422', async () => {
    const user = await t.signUp()
    const short = await post(t, '/account/password', user.cookie, {
      current_password: STRONG_PASSWORD,
      new_password: 'short',
    })
    expect(short.status).toBe(422)
    const html = await short.text()
    expect(fieldError(html, 'new_password')).toEqual({
      error: 'Error: The password must be at least 15 characters long.',
      invalid: true,
    })
    const common = await post(t, '/account/password', user.cookie, {
      current_password: STRONG_PASSWORD,
      new_password: 'passwordpassword',
    })
    expect(common.status).toBe(422)
    expect(fieldError(await common.text(), 'new_password').invalid).toBe(true)
    const missing = await post(t, '/account/password', user.cookie, {})
    expect(missing.status).toBe(422)
    const missingHtml = await missing.text()
    expect(fieldError(missingHtml, 'current_password').error).toBe('Error: This field is required.')
    expect(fieldError(missingHtml, 'new_password').invalid).toBe(true)
  })

  test('success: 303 to /account, whose notice says so once', async () => {
    const user = await t.signUp()
    const res = await post(t, '/account/password', user.cookie, {
      current_password: STRONG_PASSWORD,
      new_password: NEW_PASSWORD,
      confirm_new_password: NEW_PASSWORD,
    })
    expect([res.status, res.headers.get('location')]).toEqual([303, '/account'])
    expect(await after(res, user.cookie)).toContain('Your password was changed.')
  })
})

describe('change email form', () => {
  test('a wrong current password: 400, the typed address kept', async () => {
    const user = await t.signUp()
    const newEmail = uniqueEmail('kept')
    const res = await post(t, '/account/email', user.cookie, {
      current_password: WRONG,
      new_email: newEmail,
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(title(html)).toStartWith('Error: Change your email address')
    expect(fieldError(html, 'current_password').error).toBe('Error: Current password is incorrect.')
    expect(html).toContain(`value="${newEmail}"`)
    expect(html).not.toContain(WRONG)
    const account = await t.json('GET', '/account', undefined, {
      headers: { cookie: `session_id=${user.cookie}` },
    })
    expect(account.body.pending_email).toBeNull()
  })

  test('an invalid address: 422, typed as it was, the error on it', async () => {
    const user = await t.signUp()
    const res = await post(t, '/account/email', user.cookie, {
      current_password: STRONG_PASSWORD,
      new_email: 'not-an-email',
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(fieldError(html, 'new_email')).toEqual({
      error: 'Error: Enter a valid email address, like name@example.com.',
      invalid: true,
    })
    expect(html).toContain('value="not-an-email"')
    expect(html).not.toContain(STRONG_PASSWORD)
  })

  test('success: the account page shows the notice and the pending address', async () => {
    const user = await t.signUp()
    const newEmail = uniqueEmail('pending')
    const res = await post(t, '/account/email', user.cookie, {
      current_password: STRONG_PASSWORD,
      new_email: newEmail,
    })
    expect([res.status, res.headers.get('location')]).toEqual([303, '/account'])
    const html = await after(res, user.cookie)
    expect(html).toContain('Check your new inbox to confirm the change.')
    expect(html).toContain('Waiting for confirmation')
    expect(html).toContain(newEmail)
  })

  test('the confirm button: 303 to the result page naming the new address; a bad token is 400', async () => {
    const user = await t.signUp()
    const newEmail = uniqueEmail('confirmed')
    await post(t, '/account/email', user.cookie, {
      current_password: STRONG_PASSWORD,
      new_email: newEmail,
    })
    const { token } = await t.mail(newEmail, 'Confirm your new email address')
    const res = await post(t, '/confirm-email-change', '', { token: token! })
    expect([res.status, res.headers.get('location')]).toEqual([303, '/confirm-email-change/done'])
    const html = await after(res, '')
    expect(html).toContain(`From now on, log in with ${newEmail}.`)
    expect(html).toContain('href="/login"')
    const again = await post(t, '/confirm-email-change', '', { token: token! })
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('This email change link is invalid or has expired.')
    // Opened directly (or reloaded), the result page still makes sense.
    const bare = await t.request('/confirm-email-change/done', { headers: { accept: 'text/html' } })
    expect(bare.status).toBe(200)
    expect(await bare.text()).toContain('Open the link in the mail to your new address')
  })
})

describe('delete account form', () => {
  test('a wrong current password: 400, the account stays; empty: 422', async () => {
    const user = await t.signUp()
    const res = await post(t, '/account/delete', user.cookie, { current_password: WRONG })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(title(html)).toStartWith('Error: Delete your account')
    expect(fieldError(html, 'current_password')).toEqual({
      error: 'Error: Current password is incorrect.',
      invalid: true,
    })
    expect(html).toContain('action="/account/delete"')
    const empty = await post(t, '/account/delete', user.cookie, {})
    expect(empty.status).toBe(422)
    expect(fieldError(await empty.text(), 'current_password').error).toBe(
      'Error: This field is required.',
    )
    const account = await t.json('GET', '/account', undefined, {
      headers: { cookie: `session_id=${user.cookie}` },
    })
    expect(account.status).toBe(200)
  })
})

describe('sessions forms', () => {
  test('an unknown id: 404, the sessions page again saying so', async () => {
    const user = await t.signUp()
    const res = await post(t, '/account/sessions/revoke', user.cookie, { session_id: 'nope' })
    expect(res.status).toBe(404)
    const html = await res.text()
    expect(title(html)).toStartWith('Error: Where you are signed in')
    expect(html).toContain('Session not found.')
    expect(html).toContain('This device')
    const missing = await post(t, '/account/sessions/revoke', user.cookie, {})
    expect(missing.status).toBe(422)
    expect(await missing.text()).toContain('action="/account/sessions/revoke"')
  })

  test('revoke one and revoke the others: 303 back to the page, with a notice once', async () => {
    const user = await t.signUp()
    const other = await t.json('POST', '/login', { email: user.email, password: STRONG_PASSWORD })
    const third = await t.json('POST', '/login', { email: user.email, password: STRONG_PASSWORD })
    const otherId = (
      await t.json('GET', '/account/sessions', undefined, {
        headers: { authorization: `Bearer ${other.body.access_token}` },
      })
    ).body.sessions.find((s: { current: boolean }) => s.current).id
    const one = await post(t, '/account/sessions/revoke', user.cookie, { session_id: otherId })
    expect([one.status, one.headers.get('location')]).toEqual([303, '/account/sessions'])
    const page = await after(one, user.cookie)
    expect(page).toContain('That session was signed out.')
    expect(page).not.toContain(otherId)
    const rest = await post(t, '/account/sessions/revoke-others', user.cookie, {})
    expect([rest.status, rest.headers.get('location')]).toEqual([303, '/account/sessions'])
    const left = await after(rest, user.cookie)
    expect(left).toContain('You were signed out everywhere else.')
    expect(left).toContain('You are signed in on this device only.')
    const me = (token: string) =>
      t.json('GET', '/me', undefined, { headers: { authorization: `Bearer ${token}` } })
    expect((await me(third.body.access_token)).status).toBe(401)
    // The page without its notice (a reload).
    const reload = await t.request('/account/sessions', {
      headers: { accept: 'text/html', cookie: `session_id=${user.cookie}` },
    })
    expect(await reload.text()).not.toContain('You were signed out everywhere else.')
  })
})

describe('a form posted after the session ended', () => {
  test('goes to log in, and back to the page the form was on', async () => {
    for (const [path, next] of [
      ['/account/password', '/account/password'],
      ['/account/delete', '/account/delete'],
      ['/account/sessions/revoke', '/account/sessions'],
      ['/account/sessions/revoke-others', '/account/sessions'],
    ]) {
      const res = await post(t, path!, 'no-such-session', { session_id: 'x' })
      expect([path, res.status, res.headers.get('location')]).toEqual([
        path,
        303,
        `/login?next=${next}`,
      ])
    }
  })
})

describe('the current password budget on the forms', () => {
  test('over it: 429 with Retry-After, the form again saying when to come back', async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '2' } })
    try {
      const user = await limited.signUp()
      const statuses: number[] = []
      let last: Response | undefined
      for (const path of ['/account/password', '/account/email', '/account/delete']) {
        last = await post(limited, path, user.cookie, {
          current_password: WRONG,
          new_password: NEW_PASSWORD,
          new_email: uniqueEmail(),
        })
        statuses.push(last.status)
      }
      expect(statuses).toEqual([400, 400, 429])
      const wait = Number(last!.headers.get('retry-after'))
      expect(wait).toBeGreaterThan(0)
      expect(last!.headers.get('ratelimit-remaining')).toBe('0')
      const html = await last!.text()
      expect(html).toContain('action="/account/delete"')
      expect(html).toMatch(/Too many wrong passwords\. Please wait \d+ seconds?/)
      // The right password is refused too while the budget is spent.
      const right = await post(limited, '/account/password', user.cookie, {
        current_password: STRONG_PASSWORD,
        new_password: NEW_PASSWORD,
      })
      expect(right.status).toBe(429)
      expect(await right.text()).toContain('action="/account/password"')
    } finally {
      await limited.close()
    }
  })
})
