// CSRF: every form route refuses posts from other origins (with a session cookie or without), in both encodings.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { APP_URL, createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'
import {
  bearer,
  cookie,
  expectAuthenticated,
  expectUnauthenticated,
  freshIp,
  mailsTo,
  multipart,
  SAME_ORIGIN,
  urlencoded,
} from './helpers'

// Under load, starting the embedded database alone can take longer than bun's 5 s default.
setDefaultTimeout(60_000)

let t: TestApp
let victim: { email: string; cookie: string; userId: number }
let fields: Record<string, Record<string, string>>
let unverified: string
let resetToken: string
let verifyToken: string

beforeAll(async () => {
  t = await createTestApp()
  victim = await t.signUp()
  unverified = uniqueEmail('unverified')
  expect(
    (await t.json('POST', '/register', { email: unverified, password: STRONG_PASSWORD })).status,
  ).toBe(201)
  verifyToken = (await t.mail(unverified, 'Verify your email address')).token!
  await t.json('POST', '/request-password-reset', { email: victim.email })
  resetToken = (await t.mail(victim.email, 'Reset your password')).token!
  // What an attacker's page would submit: each would change something if it got through.
  fields = {
    '/register': { email: uniqueEmail('csrf'), password: STRONG_PASSWORD },
    '/login': { email: victim.email, password: STRONG_PASSWORD },
    '/logout': {},
    '/verify-email': { token: verifyToken },
    '/resend-verification': { email: unverified },
    '/request-password-reset': { email: victim.email },
    '/reset-password': {
      token: resetToken,
      new_password: 'chosen by the attacker!!',
      confirm_new_password: 'chosen by the attacker!!',
    },
  }
})
afterAll(() => t.close())

const ROUTES = [
  '/register',
  '/login',
  '/logout',
  '/verify-email',
  '/resend-verification',
  '/request-password-reset',
  '/reset-password',
]

/** What a cross-site page can make a browser send, and what old or odd clients send. */
const CROSS_ORIGIN: [string, Record<string, string>][] = [
  ['Origin of another site', { origin: 'https://evil.example' }],
  ['neither Origin nor Sec-Fetch-Site', {}],
  ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
  ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
  ['Sec-Fetch-Site: none', { 'sec-fetch-site': 'none' }],
  ['Origin: null (sandboxed frame, data: URL)', { origin: 'null' }],
  ['an Origin that only starts like ours', { origin: `${APP_URL}.evil.example` }],
  ['our host on https', { origin: APP_URL.replace('http:', 'https:') }],
  ['our host without the port', { origin: 'http://localhost' }],
  [
    'another Origin with Sec-Fetch-Site: same-origin',
    { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
  ],
  ['only a Referer of ours', { referer: `${APP_URL}/login` }],
]

const ENCODINGS = [
  ['url-encoded', urlencoded],
  ['multipart', multipart],
] as const

describe('cross-origin form posts are refused with 403', () => {
  for (const [encoding, encode] of ENCODINGS) {
    for (const withCookie of [true, false]) {
      test(`${encoding}, ${withCookie ? 'with' : 'without'} the session cookie, on every form route`, async () => {
        const mailsBefore = t.smtp.messages.length
        for (const route of ROUTES) {
          for (const [name, headers] of CROSS_ORIGIN) {
            const res = await t.request(
              route,
              encode(fields[route]!, {
                ...headers,
                ...(withCookie && { cookie: `session_id=${victim.cookie}` }),
              }),
              freshIp(),
            )
            expect({ route, name, status: res.status }).toEqual({ route, name, status: 403 })
            expect(res.headers.get('content-type')).toContain('text/html')
          }
        }
        await t.deps.settled()
        expect(t.smtp.messages.length).toBe(mailsBefore)
      })
    }
  }

  test('bodiless posts that rely on the cookie are refused too', async () => {
    for (const route of ROUTES) {
      for (const [name, headers] of CROSS_ORIGIN) {
        const res = await t.request(
          route,
          { method: 'POST', headers: { ...headers, cookie: `session_id=${victim.cookie}` } },
          freshIp(),
        )
        expect({ route, name, status: res.status }).toEqual({ route, name, status: 403 })
      }
    }
  })

  test('nothing changed: the session lives, the tokens are unused, no account or mail was made', async () => {
    await expectAuthenticated(t, cookie(victim.cookie), victim.userId)
    expect(await t.deps.db.findUserByEmail(fields['/register']!.email!)).toBeNull()
    expect(
      (await t.json('POST', '/login', { email: unverified, password: STRONG_PASSWORD })).body,
    ).toEqual({ detail: 'Please verify your email address' })
    expect(
      mailsTo(t, unverified).filter((m) => m.subject === 'Verify your email address'),
    ).toHaveLength(1)
    expect(
      mailsTo(t, victim.email).filter((m) => m.subject === 'Reset your password'),
    ).toHaveLength(1)
    // The tokens still work for their owner, once, from our own origin.
    expect(
      (await t.request('/verify-email', urlencoded({ token: verifyToken }, SAME_ORIGIN))).status,
    ).toBe(303)
    expect(
      (await t.json('POST', '/login', { email: unverified, password: STRONG_PASSWORD })).status,
    ).toBe(200)
  })

  test('control: the same posts from our own origin go through (not 403)', async () => {
    for (const [, encode] of ENCODINGS) {
      for (const headers of [SAME_ORIGIN, { 'sec-fetch-site': 'same-origin' }]) {
        for (const route of ['/login', '/request-password-reset', '/resend-verification']) {
          const res = await t.request(route, encode(fields[route]!, headers), freshIp())
          expect({ route, status: res.status }).not.toEqual({ route, status: 403 })
        }
      }
    }
    const { cookie: own } = await t.signUp()
    const out = await t.request(
      '/logout',
      multipart({}, { ...SAME_ORIGIN, cookie: `session_id=${own}` }),
    )
    expect(out.status).toBe(303)
  })
})

describe('an Authorization header that is not a valid bearer exempts nothing', () => {
  const evil = { origin: 'http://evil.com' }

  test('a cross-origin cookie logout with `Authorization: x` (or any bearer that does not verify) is 403', async () => {
    const own = await t.signUp()
    // A token of ours whose session has ended: it no longer verifies.
    const revoked = await t.signUp()
    expect((await t.json('POST', '/logout', undefined, bearer(revoked.accessToken))).status).toBe(
      200,
    )
    const [header, payload] = own.accessToken.split('.')
    const values = [
      'x',
      'Bearer',
      'Bearer ',
      'Bearer x',
      `Bearer ${header}.${payload}.${'A'.repeat(43)}`,
      `Bearer ${header}.${payload}.`,
      `Bearer ${revoked.accessToken}`,
      `Basic ${btoa('user:password')}`,
      `Token ${own.accessToken}`,
    ]
    for (const authorization of values) {
      for (const route of ROUTES) {
        const res = await t.request(
          route,
          {
            method: 'POST',
            headers: { ...evil, authorization, cookie: `session_id=${own.cookie}` },
          },
          freshIp(),
        )
        expect({ route, authorization, status: res.status }).toEqual({
          route,
          authorization,
          status: 403,
        })
      }
    }
    await expectAuthenticated(t, cookie(own.cookie), own.userId)
  })

  test('with Origin: null or no Origin, only Sec-Fetch-Site: same-origin lets it through', async () => {
    const own = await t.signUp()
    for (const headers of [
      { origin: 'null', authorization: 'x' },
      { authorization: 'x' },
      { origin: 'null', 'sec-fetch-site': 'same-site', authorization: 'x' },
      { 'sec-fetch-site': 'cross-site', authorization: 'x' },
    ] as Record<string, string>[]) {
      const res = await t.request('/logout', {
        method: 'POST',
        headers: { ...headers, cookie: `session_id=${own.cookie}` },
      })
      expect({ headers, status: res.status }).toEqual({ headers, status: 403 })
    }
    await expectAuthenticated(t, cookie(own.cookie), own.userId)
    const ours = await t.request('/logout', {
      method: 'POST',
      headers: {
        origin: 'null',
        'sec-fetch-site': 'same-origin',
        authorization: 'x',
        cookie: `session_id=${own.cookie}`,
      },
    })
    expect(ours.status).toBe(200)
    await expectUnauthenticated(t, cookie(own.cookie))
  })

  test('a bearer that verifies vouches for the bodiless post: no browser can attach it cross-site', async () => {
    const own = await t.signUp()
    const res = await t.json('POST', '/logout', undefined, {
      headers: {
        ...evil,
        authorization: `Bearer ${own.accessToken}`,
        cookie: `session_id=${own.cookie}`,
      },
    })
    expect(res).toMatchObject({ status: 200, body: { message: 'Logged out successfully' } })
    await expectUnauthenticated(t, cookie(own.cookie))
  })

  test('a form post is refused from another origin even with a bearer that verifies', async () => {
    const own = await t.signUp()
    const res = await t.request(
      '/logout',
      urlencoded(
        {},
        { ...evil, authorization: `Bearer ${own.accessToken}`, cookie: `session_id=${own.cookie}` },
      ),
    )
    expect(res.status).toBe(403)
    await expectAuthenticated(t, cookie(own.cookie), own.userId)
  })
})

describe('bodies a cross-site page can send without a preflight, other than forms', () => {
  test('text/plain (or untyped) bodies carrying JSON → 415 on every route', async () => {
    for (const route of ROUTES) {
      const body = JSON.stringify(fields[route])
      for (const type of ['text/plain', 'text/plain;charset=UTF-8', undefined]) {
        const headers: Record<string, string> = {
          origin: 'https://evil.example',
          cookie: `session_id=${victim.cookie}`,
          ...(type && { 'content-type': type }),
        }
        const res = await t.request(
          route,
          { method: 'POST', headers, body: type ? body : new Blob([body]) },
          freshIp(),
        )
        expect({ route, type, status: res.status }).toEqual({ route, type, status: 415 })
      }
    }
    await expectAuthenticated(t, cookie(victim.cookie), victim.userId)
  })
})
