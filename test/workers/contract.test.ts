// The HTTP contract against the Workers entry under wrangler dev (workerd): Postgres, Redis over Upstash REST, SMTP with STARTTLS.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { expectSecurityHeaders } from '../support/headers'
import {
  APP_URL,
  type HttpClient,
  STRONG_PASSWORD,
  type Stack,
  startStack,
  uniqueEmail,
} from './support/stack'
import { appLog } from './support/worker'

const NEW_PASSWORD = 'a brand new passphrase 2026'
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

describe.skipIf(!process.env.TEST_WORKERS)('Workers (wrangler dev / workerd)', () => {
  let stack: Stack
  let t: HttpClient
  beforeAll(async () => {
    stack = await startStack()
    t = stack.client()
  }, 120_000)
  afterAll(() => stack?.stop(), 30_000)

  describe('GET / and health', () => {
    test('the API name, and readiness with Postgres and Redis', async () => {
      expect(await t.json('GET', '/')).toMatchObject({
        status: 200,
        body: { message: 'Gatehouse API', version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
      })
      expect(await t.json('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } })
      const ready = await t.json('GET', '/readyz')
      expect(ready.status).toBe(200)
      expect(ready.body.checks).toEqual({
        database: 'ok',
        redis: stack.redis ? 'ok' : 'memory',
        mail: 'ok',
      })
    })
  })

  describe('the seed flow: register → mail → verify → login → me → logout → reset', () => {
    test('JSON, end to end', async () => {
      const email = uniqueEmail()
      const registered = await t.json('POST', '/register', { email, password: STRONG_PASSWORD })
      expect(registered).toMatchObject({
        status: 201,
        body: {
          message: 'User registered successfully',
          email_sent: true,
          user_id: expect.any(Number),
        },
      })
      expectSecurityHeaders(registered.headers)

      // Delivered by worker-mailer on workerd's sockets, upgraded with STARTTLS and authenticated.
      const verifyMail = await t.mail(email, 'Verify your email address')
      expect(verifyMail.secure).toBe(true)
      expect(verifyMail.user).toBe(stack.smtp.username)
      expect(verifyMail.text).toContain(`${APP_URL}/verify-email?token=`)
      expect(verifyMail.text).toContain('This link will expire in 24 hours')
      expect(verifyMail.html.length).toBeGreaterThan(0)

      expect((await t.json('POST', '/login', { email, password: STRONG_PASSWORD })).body).toEqual({
        detail: 'Please verify your email address',
      })
      expect(await t.json('POST', '/verify-email', { token: verifyMail.token })).toMatchObject({
        status: 200,
        body: { message: 'Email verified successfully' },
      })
      expect(await t.json('POST', '/verify-email', { token: verifyMail.token })).toMatchObject({
        status: 200,
        body: { message: 'Email already verified' },
      })

      const wrong = await t.json('POST', '/login', { email, password: 'not the right password' })
      expect(wrong).toMatchObject({ status: 401, body: { detail: 'Incorrect email or password' } })
      expect(wrong.headers.get('www-authenticate')).toBe('Bearer')

      const login = await t.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: email.toUpperCase(), password: STRONG_PASSWORD }),
      })
      expect(login.status).toBe(200)
      const session = (await login.json()) as any
      expect(session).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        user: { id: registered.body.user_id, email, is_verified: true },
      })
      const cookie =
        /^session_id=([A-Za-z0-9_-]{43}); Max-Age=1800; Path=\/; HttpOnly; SameSite=Lax$/.exec(
          login.headers.get('set-cookie') ?? '',
        )?.[1]
      expect(cookie).toBeDefined()

      const me = { id: registered.body.user_id, email, is_active: true, is_verified: true }
      expect(await t.json('GET', '/me', undefined, bearer(session.access_token))).toMatchObject({
        status: 200,
        body: me,
      })
      expect(
        await t.json('GET', '/me', undefined, { cookie: `session_id=${cookie}` }),
      ).toMatchObject({ status: 200, body: me })

      const logout = await t.json('POST', '/logout', undefined, bearer(session.access_token))
      expect(logout).toMatchObject({ status: 200, body: { message: 'Logged out successfully' } })
      expect(logout.headers.get('set-cookie')).toMatch(/session_id=; Max-Age=0/)
      expect((await t.json('GET', '/me', undefined, bearer(session.access_token))).status).toBe(401)
      expect(
        (await t.json('GET', '/me', undefined, { cookie: `session_id=${cookie}` })).status,
      ).toBe(401)

      const again = (await t.json('POST', '/login', { email, password: STRONG_PASSWORD })).body
        .access_token
      expect(await t.json('POST', '/request-password-reset', { email })).toMatchObject({
        status: 200,
        body: { message: 'If the email exists, a reset link has been sent' },
      })
      const resetMail = await t.mail(email, 'Reset your password')
      expect(resetMail.text).toContain(`${APP_URL}/reset-password?token=`)
      expect(resetMail.text).toContain('This link will expire in 1 hour')
      const mismatch = await t.json('POST', '/reset-password', {
        token: resetMail.token,
        new_password: NEW_PASSWORD,
        confirm_new_password: `${NEW_PASSWORD}!`,
      })
      expect(mismatch).toMatchObject({ status: 400, body: { detail: 'Passwords do not match' } })
      const reset = await t.json('POST', '/reset-password', {
        token: resetMail.token,
        new_password: NEW_PASSWORD,
        confirm_new_password: NEW_PASSWORD,
      })
      expect(reset).toMatchObject({ status: 200, body: { message: 'Password reset successfully' } })
      expect(reset.headers.get('set-cookie')).toBeNull()
      expect((await t.mail(email, 'Your password was changed')).html.length).toBeGreaterThan(0)
      // The reset revoked every session of the user.
      expect((await t.json('GET', '/me', undefined, bearer(again))).status).toBe(401)
      expect(
        await t.json('POST', '/reset-password', {
          token: resetMail.token,
          new_password: NEW_PASSWORD,
        }),
      ).toMatchObject({ status: 400, body: { detail: 'Invalid or expired reset token' } })
      expect((await t.json('POST', '/login', { email, password: STRONG_PASSWORD })).status).toBe(
        401,
      )
      expect((await t.json('POST', '/login', { email, password: NEW_PASSWORD })).status).toBe(200)
    })

    test('HTML forms: sign-up and verify answer 303 (PRG), the verify GET changes nothing, log-in 303s to /account', async () => {
      const email = uniqueEmail('form')
      const form = (path: string, fields: Record<string, string>) =>
        t.request(path, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: APP_URL,
            accept: 'text/html',
          },
          body: new URLSearchParams(fields).toString(),
        })
      // Post/Redirect/Get: the 303 carries a signed one-time notice that the next page reads.
      const signUp = await form('/register', { email, password: STRONG_PASSWORD })
      expect(signUp.status).toBe(303)
      expect(signUp.headers.get('location')).toBe('/register/check-inbox')
      const flash = /^flash=([^;]+)/.exec(signUp.headers.get('set-cookie') ?? '')![1]
      const inbox = await t.request('/register/check-inbox', {
        headers: { accept: 'text/html', cookie: `flash=${flash}` },
      })
      expect(inbox.status).toBe(200)
      const inboxPage = await inbox.text()
      expect(inboxPage).toContain('Check your inbox')
      expect(inboxPage).toContain(email)
      const { token } = await t.mail(email, 'Verify your email address')

      const page = await t.request(`/verify-email?token=${token}`, {
        headers: { accept: 'text/html' },
      })
      expect(page.status).toBe(200)
      expect(page.headers.get('referrer-policy')).toBe('no-referrer')
      // What mail scanners send gets the same page: only an explicit JSON Accept acts.
      for (const init of [{ headers: { accept: '*/*' } }, { method: 'HEAD' }] as RequestInit[]) {
        const scanned = await t.request(`/verify-email?token=${token}`, init)
        expect(scanned.status).toBe(200)
        expect(scanned.headers.get('content-type')).toContain('text/html')
      }
      expect((await t.json('POST', '/login', { email, password: STRONG_PASSWORD })).status).toBe(
        401,
      )
      const verified = await form('/verify-email', { token: token! })
      expect(verified.status).toBe(303)
      expect(verified.headers.get('location')).toBe('/verify-email/done')

      const login = await form('/login', { email, password: STRONG_PASSWORD })
      expect(login.status).toBe(303)
      expect(login.headers.get('location')).toBe('/account')
      const cookie = /session_id=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]
      const account = await t.request('/account', {
        headers: { accept: 'text/html', cookie: `session_id=${cookie}` },
      })
      expect(account.status).toBe(200)
      expect(await account.text()).toContain(email)
      expectSecurityHeaders(account.headers)
    })
  })

  describe('failure rows', () => {
    test('400: malformed JSON, a taken email, bad tokens', async () => {
      expect(await t.json('POST', '/login', '{"email": ')).toMatchObject({
        status: 400,
        body: { detail: 'Malformed JSON body' },
      })
      const { email } = await t.signUp()
      expect(await t.json('POST', '/register', { email, password: STRONG_PASSWORD })).toMatchObject(
        { status: 400, body: { detail: 'Email already registered' } },
      )
      const fake = 'A'.repeat(43)
      expect(await t.json('POST', '/verify-email', { token: fake })).toMatchObject({
        status: 400,
        body: { detail: 'Invalid or expired verification token' },
      })
      expect(await t.json('GET', `/verify-email?token=${fake}`)).toMatchObject({
        status: 400,
        body: { detail: 'Invalid or expired verification token' },
      })
      expect(
        await t.json('POST', '/reset-password', { token: fake, new_password: NEW_PASSWORD }),
      ).toMatchObject({ status: 400, body: { detail: 'Invalid or expired reset token' } })
    })

    test('401: wrong password and unknown email alike; bad bearer and cookie', async () => {
      const { email } = await t.signUp()
      for (const res of [
        await t.json('POST', '/login', { email, password: 'not the right password' }),
        await t.json('POST', '/login', {
          email: uniqueEmail('ghost'),
          password: 'not the right password',
        }),
      ]) {
        expect(res).toMatchObject({ status: 401, body: { detail: 'Incorrect email or password' } })
        expect(res.headers.get('www-authenticate')).toBe('Bearer')
      }
      for (const headers of [
        {},
        bearer('garbage'),
        { cookie: 'session_id=not-a-session' },
      ] as Record<string, string>[]) {
        const res = await t.json('GET', '/me', undefined, headers)
        expect(res).toMatchObject({
          status: 401,
          body: { detail: 'Invalid authentication credentials' },
        })
        expect(res.headers.get('www-authenticate')).toBe('Bearer')
      }
    })

    test('422 with the FastAPI detail list', async () => {
      const missing = await t.json('POST', '/register', { email: uniqueEmail() })
      expect(missing.status).toBe(422)
      expect(missing.body.detail).toContainEqual(
        expect.objectContaining({
          loc: ['body', 'password'],
          msg: expect.any(String),
          type: expect.any(String),
        }),
      )
      const weak = await t.json('POST', '/register', { email: 'not-an-email', password: 'short' })
      expect(weak.status).toBe(422)
      expect(weak.body.detail.map((d: { loc: string[] }) => d.loc.join('.'))).toContain(
        'body.email',
      )
    })

    test('404, 405 (TRACE too), 413, 415, each with the security headers', async () => {
      const notFound = await t.json('GET', '/nope')
      expect(notFound).toMatchObject({ status: 404, body: { detail: 'Not Found' } })
      expectSecurityHeaders(notFound.headers)
      const page = await t.request('/nope', { headers: { accept: 'text/html' } })
      expect(page.status).toBe(404)
      expect(page.headers.get('content-type')).toContain('text/html')

      const wrongMethod = await t.json('DELETE', '/login')
      expect(wrongMethod).toMatchObject({ status: 405, body: { detail: 'Method Not Allowed' } })
      expect(wrongMethod.headers.get('allow')).toContain('POST')
      // `connection: close`: Bun's fetch misreads the next response on a connection that carried
      // a TRACE (curl shows workerd's bytes are well-formed), which would fail the next request.
      const trace = await t.request('/me', { method: 'TRACE', headers: { connection: 'close' } })
      expect(trace.status).toBe(405)
      expectSecurityHeaders(trace.headers)

      const tooLarge = await t.json(
        'POST',
        '/register',
        JSON.stringify({ email: uniqueEmail(), password: 'x'.repeat(17 * 1024) }),
      )
      expect(tooLarge).toMatchObject({ status: 413, body: { detail: 'Request body too large' } })
      expectSecurityHeaders(tooLarge.headers)

      const unsupported = await t.json(
        'POST',
        '/login',
        JSON.stringify({ email: 'a@b.co', password: STRONG_PASSWORD }),
        { 'content-type': 'text/plain' },
      )
      expect(unsupported).toMatchObject({ status: 415, body: { detail: 'Unsupported media type' } })

      // Chunked (no Content-Length): the limit is decided before the type, so 413, not 415.
      const big = new TextEncoder().encode('x'.repeat(17 * 1024))
      const chunked = await t.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(big)
            controller.close()
          },
        }),
        duplex: 'half',
      } as RequestInit)
      expect(chunked.status).toBe(413)

      // workerd's form parser refuses these too: a 400 page, never a 500.
      for (const type of ['multipart/form-data', 'multipart/form-data; boundary=y']) {
        const malformed = await t.request('/register', {
          method: 'POST',
          headers: { 'content-type': type, origin: APP_URL },
          body: '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.co\r\n--x--\r\n',
        })
        expect({ type, status: malformed.status }).toEqual({ type, status: 400 })
      }
    })

    test('403: CSRF on form posts without our Origin, and on a cross-origin cookie logout', async () => {
      const form = (headers: Record<string, string>) =>
        t.request('/login', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: 'email=a%40b.co&password=x',
        })
      for (const headers of [
        { origin: 'https://evil.example' },
        {},
        { 'sec-fetch-site': 'cross-site' },
        { origin: 'null' },
      ] as Record<string, string>[]) {
        const res = await form(headers)
        expect(res.status).toBe(403)
        expectSecurityHeaders(res.headers)
      }
      expect((await form({ origin: APP_URL })).status).toBe(401)
      const { cookie } = await t.signUp()
      expect(
        await t.json('POST', '/logout', undefined, {
          cookie: `session_id=${cookie}`,
          origin: 'https://evil.example',
        }),
      ).toMatchObject({ status: 403, body: { detail: 'Forbidden' } })
      // An Authorization header that is not a valid bearer changes nothing.
      expect(
        await t.json('POST', '/logout', undefined, {
          cookie: `session_id=${cookie}`,
          origin: 'http://evil.com',
          authorization: 'x',
        }),
      ).toMatchObject({ status: 403, body: { detail: 'Forbidden' } })
      expect(
        (
          await t.json('POST', '/logout', undefined, {
            cookie: `session_id=${cookie}`,
            origin: APP_URL,
          })
        ).status,
      ).toBe(200)
    })

    test('429: failed logins per email, counted in Redis through the Upstash protocol', async () => {
      const { email } = await t.signUp()
      for (let i = 0; i < 3; i++)
        expect(
          (await t.json('POST', '/login', { email, password: `wrong password ${i}!!` })).status,
        ).toBe(401)
      const blocked = await t.json('POST', '/login', { email, password: STRONG_PASSWORD })
      expect(blocked).toMatchObject({ status: 429, body: { detail: 'Rate limit exceeded' } })
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    })
  })

  describe('scheduled: the outbox drain', () => {
    test('a mail whose first attempt failed goes out on the next cron run', async () => {
      await stack.smtp.stop()
      const email = uniqueEmail('outbox')
      try {
        expect(
          await t.json('POST', '/register', { email, password: STRONG_PASSWORD }),
        ).toMatchObject({ status: 201, body: { email_sent: false } })
      } finally {
        await stack.smtp.start()
      }
      // The retry is due in about a minute; the drain only sends what is due.
      await backdateOutbox(stack.database.url)
      const cron = await fetch(`${stack.worker.url}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`)
      expect(cron.status).toBe(200)
      const mail = await t.mail(email, 'Verify your email address')
      expect(mail.token).toBeDefined()
      expect(await t.json('POST', '/verify-email', { token: mail.token })).toMatchObject({
        status: 200,
      })
      expect(
        appLog(stack.worker).some((l) => l.event === 'outbox.drained' && Number(l.sent) >= 1),
      ).toBe(true)
    })
  })

  describe('one-time codes', () => {
    const codeOf = (text: string) => /^([0-9A-Z]{4}-[0-9A-Z]{4})$/m.exec(text)?.[1]

    test('verify and reset with the code from the mail; a wrong one answers as a bad token', async () => {
      const email = uniqueEmail()
      expect((await t.json('POST', '/register', { email, password: STRONG_PASSWORD })).status).toBe(
        201,
      )
      const code = codeOf((await t.mail(email, 'Verify your email address')).text)
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
      expect(await t.json('POST', '/verify-email', { email, code: 'ZZZZ-ZZZZ' })).toMatchObject({
        status: 400,
        body: { detail: 'Invalid or expired verification token' },
      })
      expect(
        await t.json('POST', '/verify-email', { email, code: code!.toLowerCase() }),
      ).toMatchObject({
        status: 200,
        body: { message: 'Email verified successfully' },
      })
      expect((await t.json('POST', '/request-password-reset', { email })).status).toBe(200)
      const resetCode = codeOf((await t.mail(email, 'Reset your password')).text)
      expect(
        await t.json('POST', '/reset-password', {
          email,
          code: resetCode,
          new_password: NEW_PASSWORD,
        }),
      ).toMatchObject({ status: 200, body: { message: 'Password reset successfully' } })
      expect((await t.json('POST', '/login', { email, password: NEW_PASSWORD })).status).toBe(200)
    })
  })

  describe('the log', () => {
    test('one JSON line per request, with the CF-Connecting-IP, and no password, token or cookie', async () => {
      const lines = appLog(stack.worker)
      // Not /healthz: the readiness polls of the harness carry no CF-Connecting-IP of their own.
      const http = lines.filter((l) => l.event === 'http' && l.path !== '/healthz')
      expect(http.length).toBeGreaterThan(20)
      expect(http.every((l) => typeof l.ip === 'string' && l.ip.startsWith('10.1.'))).toBe(true)
      const text = stack.worker.output.join('\n')
      for (const secret of [
        STRONG_PASSWORD,
        NEW_PASSWORD,
        stack.env.JWT_SECRET!,
        stack.env.SMTP_PASSWORD!,
        'token=',
      ])
        expect(text).not.toContain(secret)
    })
  })
})

async function backdateOutbox(databaseUrl: string) {
  const { default: postgres } = await import('postgres')
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    await sql`update mail_outbox set next_attempt_at = now() - interval '1 second' where status = 'pending'`
  } finally {
    await sql.end()
  }
}
