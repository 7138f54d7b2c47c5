// Sessions: a fresh id at every log-in, revocation that takes effect at once, exact cookie attributes.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { sha256 } from '../../src/auth/tokens'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'
import {
  bearer,
  cookie,
  expectAuthenticated,
  expectUnauthenticated,
  json,
  SAME_ORIGIN,
  setCookieValue,
  urlencoded,
} from './helpers'

// Under load, starting the embedded database alone can take longer than bun's 5 s default.
setDefaultTimeout(60_000)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const SESSION_COOKIE =
  /^session_id=([A-Za-z0-9_-]{43}); Max-Age=1800; Path=\/; HttpOnly; SameSite=Lax$/
const HOST_COOKIE =
  /^__Host-session_id=([A-Za-z0-9_-]{43}); Max-Age=1800; Path=\/; HttpOnly; Secure; SameSite=Lax$/

async function logIn(
  app: TestApp,
  email: string,
  password = STRONG_PASSWORD,
  headers: Record<string, string> = {},
) {
  const res = await app.request('/login', json({ email, password }, headers))
  expect(res.status).toBe(200)
  const body = (await res.json()) as { access_token: string }
  return {
    secret: setCookieValue(res)!,
    accessToken: body.access_token,
    setCookie: res.headers.getSetCookie(),
  }
}

describe('session fixation', () => {
  test('a planted session id is never adopted (JSON and form log-in)', async () => {
    const { email, userId } = await t.signUp()
    const planted = 'AttackerChosenSessionIdentifier0123456789ab'
    const viaJson = await logIn(t, email, STRONG_PASSWORD, { cookie: `session_id=${planted}` })
    expect(viaJson.secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(viaJson.secret).not.toBe(planted)

    const form = await t.request(
      '/login',
      urlencoded(
        { email, password: STRONG_PASSWORD },
        { ...SAME_ORIGIN, cookie: `session_id=${planted}` },
      ),
    )
    expect(form.status).toBe(303)
    const viaForm = setCookieValue(form)!
    expect(viaForm).not.toBe(planted)
    expect(viaForm).not.toBe(viaJson.secret)

    await expectUnauthenticated(t, cookie(planted))
    await expectAuthenticated(t, cookie(viaJson.secret), userId)
    await expectAuthenticated(t, cookie(viaForm), userId)
  })

  test("a planted live session (the attacker's own) ends when the victim logs in, and so does one's own on re-log-in", async () => {
    const attacker = await t.signUp()
    const victim = await t.signUp()
    const planted = await logIn(t, attacker.email)
    const form = await t.request(
      '/login',
      urlencoded(
        { email: victim.email, password: STRONG_PASSWORD },
        { ...SAME_ORIGIN, cookie: `session_id=${planted.secret}` },
      ),
    )
    expect(form.status).toBe(303)
    const victimSecret = setCookieValue(form)!
    expect(victimSecret).not.toBe(planted.secret)
    await expectAuthenticated(t, cookie(victimSecret), victim.userId)
    // The attacker's session (its cookie and its JWT) is gone: the victim's browser cannot be steered back into it.
    await expectUnauthenticated(t, cookie(planted.secret))
    await expectUnauthenticated(t, bearer(planted.accessToken))
    // Re-authenticating replaces the current session too (ASVS 5.0 V7.2.4).
    const again = await logIn(t, victim.email, STRONG_PASSWORD, {
      cookie: `session_id=${victimSecret}`,
    })
    expect(again.secret).not.toBe(victimSecret)
    await expectUnauthenticated(t, cookie(victimSecret))
    await expectAuthenticated(t, cookie(again.secret), victim.userId)
    await expectAuthenticated(t, bearer(attacker.accessToken), attacker.userId)
  })

  test('every log-in gets its own 256-bit random id; the JWT carries its hash, never the cookie', async () => {
    const { email } = await t.signUp()
    const secrets = new Set<string>()
    for (let i = 0; i < 8; i++) {
      const { secret, accessToken } = await logIn(t, email)
      secrets.add(secret)
      const payload = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString())
      expect(payload.sid).toBe(await sha256(secret))
      expect(accessToken).not.toContain(secret)
    }
    expect(secrets.size).toBe(8)
  })
})

describe('revocation takes effect at once', () => {
  test('log-out (form or JSON, by cookie or bearer) ends the cookie and the JWT of that session together', async () => {
    const { email, userId } = await t.signUp()
    const viaForm = await logIn(t, email)
    const viaCookie = await logIn(t, email)
    const viaBearer = await logIn(t, email)
    const other = await logIn(t, email)

    const form = await t.request(
      '/logout',
      urlencoded({}, { ...SAME_ORIGIN, cookie: `session_id=${viaForm.secret}` }),
    )
    expect(form.status).toBe(303)
    expect(form.headers.get('location')).toBe('/')
    expect(form.headers.getSetCookie()).toEqual([
      'session_id=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
    ])
    await expectUnauthenticated(t, cookie(viaForm.secret))
    await expectUnauthenticated(t, bearer(viaForm.accessToken))

    expect(
      (
        await t.json('POST', '/logout', undefined, {
          headers: { ...SAME_ORIGIN, cookie: `session_id=${viaCookie.secret}` },
        })
      ).status,
    ).toBe(200)
    await expectUnauthenticated(t, bearer(viaCookie.accessToken))
    await expectUnauthenticated(t, cookie(viaCookie.secret))

    expect((await t.json('POST', '/logout', undefined, bearer(viaBearer.accessToken))).status).toBe(
      200,
    )
    await expectUnauthenticated(t, cookie(viaBearer.secret))
    await expectUnauthenticated(t, bearer(viaBearer.accessToken))

    await expectAuthenticated(t, cookie(other.secret), userId)
    await expectAuthenticated(t, bearer(other.accessToken), userId)
  })

  test('a password reset ends every cookie and every JWT of the user', async () => {
    const { email, cookie: first, accessToken: firstJwt } = await t.signUp()
    const sessions = [await logIn(t, email), await logIn(t, email), await logIn(t, email)]
    await t.json('POST', '/request-password-reset', { email })
    const { token } = await t.mail(email, 'Reset your password')
    expect(
      (
        await t.json('POST', '/reset-password', {
          token,
          new_password: 'the reset ends all sessions',
        })
      ).status,
    ).toBe(200)
    await expectUnauthenticated(t, cookie(first))
    await expectUnauthenticated(t, bearer(firstJwt))
    for (const s of sessions) {
      await expectUnauthenticated(t, cookie(s.secret))
      await expectUnauthenticated(t, bearer(s.accessToken))
    }
    // The account page sends a dead cookie back to log in.
    const page = await t.request('/account', {
      headers: { accept: 'text/html', cookie: `session_id=${first}` },
    })
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe('/login?next=/account')
  })

  test("an attacker who registered the victim's email first is evicted when the victim resets", async () => {
    const email = uniqueEmail('victim')
    const attackerPassword = 'attacker chosen passphrase'
    expect((await t.json('POST', '/register', { email, password: attackerPassword })).status).toBe(
      201,
    )
    // The victim opens the verification mail that lands in their inbox and confirms it...
    const { token: verifyToken } = await t.mail(email, 'Verify your email address')
    expect((await t.json('POST', '/verify-email', { token: verifyToken })).status).toBe(200)
    // ...so the attacker, who knows the password they chose, now holds a live session.
    const attacker = await logIn(t, email, attackerPassword)
    await expectAuthenticated(t, cookie(attacker.secret))

    await t.json('POST', '/request-password-reset', { email })
    const { token } = await t.mail(email, 'Reset your password')
    const victimPassword = 'only the victim knows this one'
    expect(
      (await t.json('POST', '/reset-password', { token, new_password: victimPassword })).status,
    ).toBe(200)

    await expectUnauthenticated(t, cookie(attacker.secret))
    await expectUnauthenticated(t, bearer(attacker.accessToken))
    expect((await t.json('POST', '/login', { email, password: attackerPassword })).status).toBe(401)
    expect((await t.json('POST', '/login', { email, password: victimPassword })).status).toBe(200)
  })
})

describe('cookie attributes', () => {
  test('http: session_id, HttpOnly, SameSite=Lax, Path=/, Max-Age = the session TTL, no Domain (JSON and form)', async () => {
    const { email } = await t.signUp()
    const res = await t.request('/login', json({ email, password: STRONG_PASSWORD }))
    expect(res.headers.getSetCookie()).toHaveLength(1)
    expect(res.headers.getSetCookie()[0]).toMatch(SESSION_COOKIE)
    const form = await t.request(
      '/login',
      urlencoded({ email, password: STRONG_PASSWORD }, SAME_ORIGIN),
    )
    expect(form.headers.getSetCookie()).toHaveLength(1)
    expect(form.headers.getSetCookie()[0]).toMatch(SESSION_COOKIE)
    const shorter = await createTestApp({ env: { SESSION_TTL_SECONDS: '600' } })
    try {
      const { email: other } = await shorter.signUp()
      const line = (
        await shorter.request('/login', json({ email: other, password: STRONG_PASSWORD }))
      ).headers.getSetCookie()[0]!
      expect(line).toMatch(
        /^session_id=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/,
      )
    } finally {
      await shorter.close()
    }
  })

  test('https: __Host-session_id with Secure; the unprefixed name is not accepted (no cookie tossing)', async () => {
    const https = await createTestApp({ env: { APP_URL: 'https://auth.example.com' } })
    try {
      const { email, userId } = await https.signUp()
      const res = await https.request('/login', json({ email, password: STRONG_PASSWORD }))
      const [line] = res.headers.getSetCookie()
      expect(res.headers.getSetCookie()).toHaveLength(1)
      expect(line).toMatch(HOST_COOKIE)
      const secret = HOST_COOKIE.exec(line!)![1]!
      const form = await https.request(
        '/login',
        urlencoded({ email, password: STRONG_PASSWORD }, { origin: 'https://auth.example.com' }),
      )
      expect(form.headers.getSetCookie()[0]).toMatch(HOST_COOKIE)

      await expectAuthenticated(https, cookie(secret, '__Host-session_id'), userId)
      // A sibling subdomain can set "session_id" for the parent domain, never "__Host-session_id".
      await expectUnauthenticated(https, cookie(secret, 'session_id'))

      const out = await https.request(
        '/logout',
        urlencoded(
          {},
          { origin: 'https://auth.example.com', cookie: `__Host-session_id=${secret}` },
        ),
      )
      expect(out.status).toBe(303)
      expect(out.headers.getSetCookie()).toEqual([
        '__Host-session_id=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax',
      ])
      await expectUnauthenticated(https, cookie(secret, '__Host-session_id'))
    } finally {
      await https.close()
    }
  })
})
