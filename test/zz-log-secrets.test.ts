// No secret in any log line of the test run: no password, link token, session id, JWT or token= query.
//
// Why not only "a file that runs last": bun runs the files of a directory before its
// subdirectories, in readdir order, so under a plain `bun test` this file runs among the
// first (verified on bun 1.4.5). It therefore (1) drives every secret-bearing path itself,
// (2) checks every line logged so far, and (3) from the moment it is loaded, checks each new
// line the moment it is written and throws from a timer on a hit, which fails whichever
// test is running then (or the run, between tests). Run last explicitly for a final sweep:
//   bun test test/routes test/security test/zz-log-secrets.test.ts
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { readdirSync, readFileSync } from 'node:fs'
import {
  APP_URL,
  capturedLog,
  createTestApp,
  STRONG_PASSWORD,
  type TestApp,
  uniqueEmail,
} from './support/app'

setDefaultTimeout(60_000)

const TEST_DIR = new URL('.', import.meta.url).pathname

/** Every string literal a test file gives a password-named field or constant (at least 8 characters). */
function passwordsInTestSources(): string[] {
  const found = new Set<string>([STRONG_PASSWORD])
  for (const file of readdirSync(TEST_DIR, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(`${TEST_DIR}${file}`, 'utf8')
    for (const m of source.matchAll(
      /(\w*password\w*)['"]?\s*[:=]\s*(['"`])((?:\\.|(?!\2)[^\\\n])*)\2/gi,
    )) {
      const value = m[3]!
      if (value.length >= 8 && !value.includes('${') && !/^[A-Z_]+$/.test(value)) found.add(value)
    }
  }
  return [...found]
}

const known = new Set<string>(passwordsInTestSources())
const PATTERNS: [string, RegExp][] = [
  ['a JWT', /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/],
  ['a token= query string', /token=/i],
  // Link tokens and session ids are 32 random bytes in base64url: 43 characters. Nothing
  // else the app logs has that shape (request ids are UUIDs, email hashes 32 characters).
  ['a 43-character base64url secret', /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/],
  ['a Bearer credential', /bearer\s+\S{8,}/i],
  ['a cookie header', /session_id=/i],
  ['a webhook secret', /whsec_/],
  // One-time codes as mails show them (Crockford base32, XXXX-XXXX), not inside a UUID's
  // dashed groups; typed forms are added to the known secrets below.
  [
    'a one-time code',
    /(?<![0-9A-Za-z-])[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}(?![0-9A-Za-z-])/,
  ],
]

/** The dev mailbox logs its links on purpose (development only; production refuses it). */
const isDevMail = (line: string) => line.includes('"event":"dev_mail"')

function findSecret(line: string): string | null {
  if (isDevMail(line)) return null
  for (const secret of known)
    if (line.includes(secret)) return `a known secret (${secret.length} characters)`
  for (const [what, pattern] of PATTERNS) if (pattern.test(line)) return what
  return null
}

function redacted(line: string): string {
  let out = line
  for (const secret of known) out = out.split(secret).join('<secret>')
  for (const [, pattern] of PATTERNS)
    out = out.replace(new RegExp(pattern.source, `${pattern.flags}g`), '<secret>')
  return out.slice(0, 400)
}

// (3) The sentinel: each line logged from now on is checked as it is written. Until the sweep
// below has run, this file's own tests report what they find; after it, a hit throws.
const violations: string[] = []
let swept = false
const push = capturedLog.push.bind(capturedLog)
capturedLog.push = (...lines: string[]) => {
  for (const line of lines) {
    const what = findSecret(line)
    if (!what) continue
    const message = `secret in the log: ${what}: ${redacted(line)}`
    violations.push(message)
    if (swept) {
      setTimeout(() => {
        throw new Error(message)
      }, 0)
    }
  }
  return push(...lines)
}

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  known.add(t.smtp.password)
  known.add(t.deps.config.jwtSecret)
})
afterAll(() => t.close())

describe('no secret in the logs', () => {
  test('a full journey through every secret-bearing path logs none of its secrets', async () => {
    const email = uniqueEmail('logcheck')
    const password = `log check passphrase ${crypto.randomUUID()}`
    const newPassword = `log check new passphrase ${crypto.randomUUID()}`
    known.add(password)
    known.add(newPassword)
    const origin = { origin: APP_URL }
    const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...origin, ...headers },
      body: new URLSearchParams(fields).toString(),
    })
    const issued: string[] = []

    // Sign up, open the link (GET page), confirm it (form), use it again.
    expect((await t.request('/register', form({ email, password }))).status).toBe(303)
    const verifyToken = (await t.mail(email, 'Verify your email address')).token!
    issued.push(verifyToken)
    expect(
      (await t.request(`/verify-email?token=${verifyToken}`, { headers: { accept: 'text/html' } }))
        .status,
    ).toBe(200)
    expect((await t.request('/verify-email', form({ token: verifyToken }))).status).toBe(303)
    expect((await t.json('GET', `/verify-email?token=${verifyToken}`)).status).toBe(200)
    expect((await t.json('GET', `/verify-email?token=${'x'.repeat(43)}`)).status).toBe(400)

    // Log in both ways, use both credentials, fail once, log out.
    const login = await t.json('POST', '/login', { email, password })
    const jwt = login.body.access_token as string
    const cookie = /session_id=([^;]+)/.exec(login.headers.get('set-cookie')!)![1]!
    const formLogin = await t.request(
      '/login?next=/account',
      form({ email, password }, { cookie: `session_id=${'P'.repeat(43)}` }),
    )
    const cookie2 = /session_id=([^;]+)/.exec(formLogin.headers.get('set-cookie')!)![1]!
    issued.push(jwt, cookie, cookie2)
    expect(
      (await t.json('GET', '/me', undefined, { headers: { authorization: `Bearer ${jwt}` } }))
        .status,
    ).toBe(200)
    expect(
      (
        await t.request('/account', {
          headers: { accept: 'text/html', cookie: `session_id=${cookie2}` },
        })
      ).status,
    ).toBe(200)
    expect((await t.json('POST', '/login', { email, password: `${password}!` })).status).toBe(401)
    expect((await t.request('/login', form({ email, password: `${password}?` }))).status).toBe(401)
    expect(
      (await t.json('GET', '/me', undefined, { headers: { authorization: `Bearer ${jwt}x` } }))
        .status,
    ).toBe(401)
    expect((await t.request('/logout', form({}, { cookie: `session_id=${cookie2}` }))).status).toBe(
      303,
    )
    // Refused and malformed requests that carry secrets.
    expect(
      (
        await t.request(
          '/logout',
          form({}, { origin: 'https://evil.example', cookie: `session_id=${cookie}` }),
        )
      ).status,
    ).toBe(403)
    expect(
      (await t.json('POST', '/login', `{"email": "${email}", "password": "${password}"`)).status,
    ).toBe(400)
    expect(
      (await t.request(`/nope?token=${verifyToken}`, { headers: { accept: 'text/html' } })).status,
    ).toBe(404)
    // A forged log line riding on the path stays inside its own, escaped.
    expect(
      (
        await t.request(
          '/nope%0a%7B%22event%22%3A%22auth.login%22%2C%22outcome%22%3A%22success%22%7D',
          { headers: { accept: 'application/json' } },
        )
      ).status,
    ).toBe(404)

    // Reset: request, open the page, mismatch, success, then the old link and old password.
    expect((await t.request('/request-password-reset', form({ email }))).status).toBe(303)
    const resetToken = (await t.mail(email, 'Reset your password')).token!
    issued.push(resetToken)
    expect(
      (await t.request(`/reset-password?token=${resetToken}`, { headers: { accept: 'text/html' } }))
        .status,
    ).toBe(200)
    expect(
      (
        await t.request(
          '/reset-password',
          form({
            token: resetToken,
            new_password: newPassword,
            confirm_new_password: `${newPassword}.`,
          }),
        )
      ).status,
    ).toBe(400)
    expect(
      (
        await t.request(
          '/reset-password',
          form({ token: resetToken, new_password: newPassword, confirm_new_password: newPassword }),
        )
      ).status,
    ).toBe(303)
    expect(
      (await t.json('POST', '/reset-password', { token: resetToken, new_password: newPassword }))
        .status,
    ).toBe(400)
    expect((await t.json('POST', '/login', { email, password })).status).toBe(401)
    expect(
      (await t.json('GET', '/me', undefined, { headers: { authorization: `Bearer ${jwt}` } }))
        .status,
    ).toBe(401)
    await t.deps.settled()

    const mine = t.log.join('\n')
    expect(mine).toContain('"event":"auth.password_reset"')
    for (const secret of [...issued, password, newPassword])
      expect(mine.includes(secret)).toBe(false)
    for (const line of t.log)
      expect({ line: redacted(line), secret: findSecret(line) }).toEqual({
        line: redacted(line),
        secret: null,
      })

    // Each auth event is one line with the time (UTC), the client IP, the outcome and who (a user id or an email hash).
    const events = t.log
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((e) => String(e.event).startsWith('auth.'))
    expect(new Set(events.map((e) => e.event))).toEqual(
      new Set([
        'auth.register',
        'auth.verify_email',
        'auth.login',
        'auth.logout',
        'auth.password_reset_request',
        'auth.password_reset',
      ]),
    )
    for (const e of events) {
      expect(typeof e.time === 'string' && e.time.endsWith('Z')).toBe(true)
      expect(e.ip).toBe(events[0]!.ip)
      expect(typeof e.outcome).toBe('string')
      // Only a verification (its token names no user) and an unknown reset token name nobody.
      if (e.event !== 'auth.verify_email' && e.outcome !== 'invalid_token')
        expect({ event: e.event, who: e.userId ?? e.emailHash }).toEqual({
          event: e.event,
          who: expect.anything(),
        })
    }
    expect(events.filter((e) => e.event === 'auth.login').map((e) => e.outcome)).toEqual([
      'success',
      'success',
      'failure',
      'failure',
      'failure',
    ])
  })

  test('one-time codes: typed right, wrong, in lower case, none of them is logged', async () => {
    const email = uniqueEmail('logcheck-code')
    expect((await t.json('POST', '/register', { email, password: STRONG_PASSWORD })).status).toBe(
      201,
    )
    const code = (await t.mail(email, 'Verify your email address')).code!
    const typed = code.toLowerCase().replace('-', '')
    known.add(typed)
    known.add(code.replace('-', ''))
    expect((await t.json('POST', '/verify-email', { email, code: 'QQQQ-QQQQ' })).status).toBe(400)
    expect((await t.json('POST', '/verify-email', { email, code: typed })).status).toBe(200)
    expect((await t.json('POST', '/request-password-reset', { email })).status).toBe(200)
    const reset = (await t.mail(email, 'Reset your password')).code!
    known.add(reset.replace('-', ''))
    const body = { email, code: reset, new_password: `log check code passphrase ${email}x` }
    expect((await t.json('POST', '/reset-password', body)).status).toBe(422)
    await t.deps.settled()
    const leaks = capturedLog.filter((line) => findSecret(line)).map(redacted)
    expect(leaks).toEqual([])
  })

  test('every line logged in this process so far holds no password, token, session id or JWT', async () => {
    // Tokens and codes of every mail any test app sent in this process (the shared SMTP server).
    for (const mail of t.smtp.messages) {
      for (const m of mail.text.matchAll(/token=([A-Za-z0-9_-]{43})/g)) known.add(m[1]!)
      for (const m of mail.text.matchAll(/^([0-9A-Z]{4})-([0-9A-Z]{4})$/gm))
        known.add(`${m[1]}${m[2]}`)
    }
    expect(capturedLog.length).toBeGreaterThan(0)
    const leaks = capturedLog
      .map((line) => [findSecret(line), line] as const)
      .filter(([what]) => what !== null)
      .map(([what, line]) => `${what}: ${redacted(line)}`)
    swept = true
    expect(leaks).toEqual([])
    expect(violations).toEqual([])
    // One JSON object per line: nothing a client sends can start a line of its own (log injection).
    for (const line of capturedLog) {
      expect(line.includes('\n') || line.includes('\r')).toBe(false)
      const entry = JSON.parse(line) as Record<string, unknown>
      expect(
        typeof entry.event === 'string' &&
          typeof entry.level === 'string' &&
          typeof entry.time === 'string',
      ).toBe(true)
    }
  })

  test('the checks catch what they look for', () => {
    // Lines shaped like the leaks the checks exist for, so a broken pattern cannot pass silently.
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE'
    expect(token).toHaveLength(43)
    const line = (fields: object) =>
      JSON.stringify({ time: new Date().toISOString(), level: 'info', event: 'x', ...fields })
    expect(findSecret(line({ authorization: jwt }))).toBe('a JWT')
    expect(findSecret(line({ path: `/reset-password?token=abc` }))).toBe('a token= query string')
    expect(findSecret(line({ session: token }))).toBe('a 43-character base64url secret')
    expect(findSecret(line({ body: STRONG_PASSWORD }))).not.toBeNull()
    expect(findSecret(line({ secret: `whsec_${btoa('k'.repeat(32))}` }))).toBe('a webhook secret')
    expect(findSecret(line({ code: 'K7QM-3XPD' }))).toBe('a one-time code')
    expect(
      findSecret(
        line({
          requestId: '1b37b5ea-1234-4567-8901-302f0995c35e',
          emailHash: 'a'.repeat(32),
          ip: '10.0.0.1',
        }),
      ),
    ).toBeNull()
  })
})
