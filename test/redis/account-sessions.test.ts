// The account's session routes across two app instances sharing the database and Redis, and
// what each account route costs in Redis round trips. Redis only: the in-memory stores of two
// instances share nothing, so without TEST_REDIS_URL this file has nothing to test.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import {
  createTestApp,
  STRONG_PASSWORD,
  type TestApp,
  testRedis,
  uniqueEmail,
} from '../support/app'

const redisUrl = process.env.TEST_REDIS_URL
if (!redisUrl)
  console.warn('Not applicable without TEST_REDIS_URL: the account two-instance tests.')

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const cookie = (value: string) => ({ cookie: `session_id=${value}` })

async function logIn(app: TestApp, email: string, password = STRONG_PASSWORD) {
  const res = await app.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  expect(res.status).toBe(200)
  const body = (await res.json()) as { access_token: string }
  return {
    accessToken: body.access_token,
    cookie: /session_id=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!,
  }
}

describe.skipIf(!redisUrl)('two instances sharing Postgres (or PGlite) and Redis', () => {
  let a: TestApp
  let b: TestApp
  beforeAll(async () => {
    const redis = (await testRedis())!
    const env = { REDIS_PREFIX: `${redis.prefix}:account-${crypto.randomUUID().slice(0, 8)}` }
    ;[a, b] = await Promise.all([createTestApp({ env }), createTestApp({ env })])
  })
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()])
  })

  const status = (app: TestApp, headers: Record<string, string>) =>
    app.json('GET', '/me', undefined, { headers }).then((r) => r.status)

  async function currentId(app: TestApp, headers: Record<string, string>): Promise<string> {
    const res = await app.json('GET', '/account/sessions', undefined, { headers })
    return res.body.sessions.find((s: { current: boolean }) => s.current).id
  }

  test('the list on one shows what the other created; a revoke on one is a 401 on the other at once', async () => {
    const user = await a.signUp()
    const onB = await logIn(b, user.email)
    const third = await logIn(b, user.email)
    // Listed on b, with what a wrote (its IP and device) and the current one marked.
    const list = await b.json('GET', '/account/sessions', undefined, {
      headers: bearer(onB.accessToken),
    })
    expect(list.status).toBe(200)
    expect(list.body.sessions).toHaveLength(3)
    const fromA = await currentId(a, bearer(user.accessToken))
    expect(list.body.sessions.map((s: { id: string }) => s.id)).toContain(fromA)
    expect(list.body.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1)

    // One session, revoked on a: dead on b by bearer and by cookie, at the very next request.
    const target = await currentId(b, bearer(onB.accessToken))
    expect(await status(b, cookie(onB.cookie))).toBe(200)
    const revoked = await a.json(
      'POST',
      '/account/sessions/revoke',
      { session_id: target },
      { headers: bearer(user.accessToken) },
    )
    expect(revoked.status).toBe(200)
    expect(await status(b, bearer(onB.accessToken))).toBe(401)
    expect(await status(b, cookie(onB.cookie))).toBe(401)
    expect(await status(b, bearer(third.accessToken))).toBe(200)

    // Every other session, revoked on a: the third is dead on b the same way.
    const others = await a.json('POST', '/account/sessions/revoke-others', undefined, {
      headers: bearer(user.accessToken),
    })
    expect(others.body).toEqual({ message: 'Other sessions revoked', sessions_revoked: 1 })
    expect(await status(b, bearer(third.accessToken))).toBe(401)
    expect(await status(b, cookie(third.cookie))).toBe(401)
    // The session that asked lives on both.
    expect(await status(b, bearer(user.accessToken))).toBe(200)
    expect(await status(b, cookie(user.cookie))).toBe(200)
    const left = await b.json('GET', '/account/sessions', undefined, {
      headers: cookie(user.cookie),
    })
    expect(left.body.sessions.map((s: { id: string }) => s.id)).toEqual([fromA])
  })

  test('a password change on one ends the sessions of the other; an email change renames the kept one', async () => {
    const user = await a.signUp()
    const onB = await logIn(b, user.email)
    const newPassword = 'a brand new passphrase for two'
    const changed = await b.json(
      'POST',
      '/account/password',
      { current_password: STRONG_PASSWORD, new_password: newPassword },
      { headers: bearer(onB.accessToken) },
    )
    expect(changed.body.sessions_revoked).toBe(1)
    expect(await status(a, bearer(user.accessToken))).toBe(401)
    expect(await status(a, cookie(user.cookie))).toBe(401)
    expect(await status(a, bearer(onB.accessToken))).toBe(200)

    const again = await logIn(a, user.email, newPassword)
    const newEmail = uniqueEmail('moved')
    await b.json(
      'POST',
      '/account/email',
      { current_password: newPassword, new_email: newEmail },
      { headers: bearer(onB.accessToken) },
    )
    const { token } = await b.mail(newEmail, 'Confirm your new email address')
    expect((await a.json('POST', '/confirm-email-change', { token })).status).toBe(200)
    // Ended on b although a did it; the session that asked carries the new address on a.
    expect(await status(b, cookie(again.cookie))).toBe(401)
    const me = await a.json('GET', '/me', undefined, { headers: bearer(onB.accessToken) })
    expect(me.body.email).toBe(newEmail)
  })
})

describe.skipIf(!redisUrl)('Redis round trips of the account routes', () => {
  let app: TestApp
  beforeAll(async () => {
    const redis = (await testRedis())!
    app = await createTestApp({
      env: { REDIS_PREFIX: `${redis.prefix}:account-trips-${crypto.randomUUID().slice(0, 8)}` },
    })
  })
  afterAll(() => app?.close())

  /** Round trips of one request and the work it leaves behind (mail, deferred tasks). */
  async function trips(send: () => Promise<{ status: number }>, expected: number) {
    const redis = (await testRedis())!
    let answered = 0
    const count = await redis.roundTrips(async () => {
      answered = (await send()).status
      await app.deps.settled()
    })
    expect(answered).toBe(expected)
    return count
  }

  /** Every route once, so that each Lua script is loaded and each cookie hashed before counting. */
  async function everyRoute(counted: boolean) {
    const user = await app.signUp()
    const other = await logIn(app, user.email)
    const third = await logIn(app, user.email)
    const auth = { headers: bearer(user.accessToken) }
    const json = (method: string, path: string, body?: unknown) =>
      app.json(method, path, body, auth)
    const targetId = await currentId(third.accessToken)
    const newEmail = uniqueEmail('trips')
    // The first use of a bearer verifies its JWT, which puts the touch a turn after the limit.
    await json('GET', '/me')
    const counts: Record<string, number> = {}
    const measure = async (name: string, send: () => Promise<{ status: number }>, ok = 200) => {
      counts[name] = await trips(send, ok)
    }
    await measure('GET /me (bearer)', () => json('GET', '/me'))
    await measure('GET /me (cookie)', () =>
      app.json('GET', '/me', undefined, { headers: cookie(user.cookie) }),
    )
    await measure('GET /account', () => json('GET', '/account'))
    await measure('GET /account/sessions', () => json('GET', '/account/sessions'))
    await measure('POST /account/sessions/revoke', () =>
      json('POST', '/account/sessions/revoke', { session_id: targetId }),
    )
    await measure('POST /account/sessions/revoke-others', () =>
      json('POST', '/account/sessions/revoke-others'),
    )
    await measure('POST /account/password', () =>
      json('POST', '/account/password', {
        current_password: STRONG_PASSWORD,
        new_password: 'a brand new passphrase of trips',
      }),
    )
    await measure(
      'POST /account/email',
      () =>
        json('POST', '/account/email', {
          current_password: 'a brand new passphrase of trips',
          new_email: newEmail,
        }),
      202,
    )
    const { token } = await app.mail(newEmail, 'Confirm your new email address')
    await measure('POST /confirm-email-change', () =>
      app.json('POST', '/confirm-email-change', { token }),
    )
    await measure('POST /account/delete', () =>
      json('POST', '/account/delete', { current_password: 'a brand new passphrase of trips' }),
    )
    expect(other.accessToken).toBeTruthy()
    if (counted) console.log('Redis round trips per account route:', counts)
    return counts
  }

  async function currentId(token: string): Promise<string> {
    const res = await app.json('GET', '/account/sessions', undefined, { headers: bearer(token) })
    return res.body.sessions.find((s: { current: boolean }) => s.current).id
  }

  test('GET /me stays 1; each account route costs what its steps need', async () => {
    await everyRoute(false)
    const counts = await everyRoute(true)
    // A GET's session touch travels with the global per-IP limit (prefetchSession); a POST's
    // comes after that limit, then each step its own: the current password's failure count
    // and its refund, the list, a delete, the revocation script, a route's own limit.
    expect(counts).toEqual({
      'GET /me (bearer)': 1,
      'GET /me (cookie)': 1,
      'GET /account': 1,
      // + the list
      'GET /account/sessions': 2,
      // limit, touch, list, delete
      'POST /account/sessions/revoke': 4,
      // limit, touch, revocation
      'POST /account/sessions/revoke-others': 3,
      // limit, touch, count, refund, revocation
      'POST /account/password': 5,
      // limit, touch, count, refund
      'POST /account/email': 4,
      // global limit, the route's limit, revocation (no session needed)
      'POST /confirm-email-change': 3,
      // limit, touch, count, refund, revocation
      'POST /account/delete': 5,
    })
  })
})
