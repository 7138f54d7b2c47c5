// Revocation is final: log-ins in flight during a reset leave nothing alive; deactivation ends every session.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { deactivateUser, reactivateUser } from '../../src/auth/deactivate-user'
import { createTestApp, STRONG_PASSWORD, type TestApp } from '../support/app'
import {
  bearer,
  cookie,
  expectAuthenticated,
  expectUnauthenticated,
  setCookieValue,
} from './helpers'

setDefaultTimeout(120_000)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Attempt {
  status: number
  secret?: string
  accessToken?: string
}

async function logInOnce(app: TestApp, email: string, password: string): Promise<Attempt> {
  const res = await app.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  const body = (await res.json()) as { access_token?: string }
  return { status: res.status, secret: setCookieValue(res), accessToken: body.access_token }
}

/** Every credential a log-in handed out, checked with GET /me; returns how many still work. */
async function alive(app: TestApp, attempts: Attempt[]): Promise<number> {
  let live = 0
  for (const a of attempts.filter((x) => x.status === 200)) {
    for (const init of [cookie(a.secret!), bearer(a.accessToken!)])
      if ((await app.json('GET', '/me', undefined, init)).status === 200) live++
  }
  return live
}

describe('a password reset during log-ins with the old password', () => {
  test('5 rounds of 20 log-ins 3 ms apart, the reset after the 6th: no session is alive after it', async () => {
    const report: { succeeded: number; alive: number }[] = []
    for (let round = 0; round < 5; round++) {
      const { email } = await t.signUp()
      await t.json('POST', '/request-password-reset', { email })
      const { token } = await t.mail(email, 'Reset your password')
      const newPassword = `a brand new passphrase for round ${round}`

      const logins: Promise<Attempt>[] = []
      let reset: Promise<{ status: number }> | undefined
      for (let i = 0; i < 20; i++) {
        logins.push(logInOnce(t, email, STRONG_PASSWORD))
        if (i === 5) reset = t.json('POST', '/reset-password', { token, new_password: newPassword })
        await sleep(3)
      }
      expect((await reset!).status).toBe(200)
      const attempts = await Promise.all(logins)
      // Some log-ins answer 200 before the reset lands, some 401 after it: the race is real.
      expect(attempts.every((a) => a.status === 200 || a.status === 401)).toBe(true)
      const succeeded = attempts.filter((a) => a.status === 200).length
      report.push({ succeeded, alive: await alive(t, attempts) })

      // The new password works, and its session lives.
      const after = await logInOnce(t, email, newPassword)
      expect(after.status).toBe(200)
      await expectAuthenticated(t, cookie(after.secret!))
    }
    expect(report.map((r) => r.alive)).toEqual([0, 0, 0, 0, 0])
    // At least one round raced for real: log-ins that had begun with the old password won.
    expect(report.some((r) => r.succeeded > 0)).toBe(true)
  })
})

describe('deactivation', () => {
  test('ends every bearer and cookie of the user at once; a right password then answers "deactivated" and is logged', async () => {
    const { email, userId, cookie: first, accessToken } = await t.signUp()
    const second = await logInOnce(t, email, STRONG_PASSWORD)
    const bystander = await t.signUp()

    const result = await deactivateUser(t.deps, userId)
    expect(result).toMatchObject({ ok: true, sessionsRevoked: 2, user: { isActive: false } })
    for (const init of [
      cookie(first),
      bearer(accessToken),
      cookie(second.secret!),
      bearer(second.accessToken!),
    ])
      await expectUnauthenticated(t, init)
    await expectAuthenticated(t, bearer(bystander.accessToken), bystander.userId)

    const refused = await t.json('POST', '/login', { email, password: STRONG_PASSWORD })
    expect(refused.status).toBe(401)
    expect(refused.body).toEqual({ detail: 'Account is deactivated' })
    const line = t.log
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((e) => e.event === 'auth.login' && e.userId === userId)
      .at(-1)
    expect(line).toMatchObject({ outcome: 'deactivated', userId, ip: expect.any(String) })
    // A wrong password to a deactivated account is an ordinary failure: nothing is revealed.
    expect((await t.json('POST', '/login', { email, password: 'not the password' })).body).toEqual({
      detail: 'Incorrect email or password',
    })

    expect(await reactivateUser(t.deps, userId)).toMatchObject({
      ok: true,
      user: { isActive: true },
    })
    const back = await logInOnce(t, email, STRONG_PASSWORD)
    expect(back.status).toBe(200)
    await expectAuthenticated(t, cookie(back.secret!), userId)
    // The sessions that deactivation ended stay ended.
    await expectUnauthenticated(t, cookie(first))
  })

  test('log-ins in flight while the account is deactivated leave no session alive', async () => {
    const { email, userId } = await t.signUp()
    const logins: Promise<Attempt>[] = []
    let deactivated: Promise<unknown> | undefined
    for (let i = 0; i < 20; i++) {
      logins.push(logInOnce(t, email, STRONG_PASSWORD))
      if (i === 5) deactivated = deactivateUser(t.deps, userId)
      await sleep(3)
    }
    await deactivated
    expect(await alive(t, await Promise.all(logins))).toBe(0)
  })

  test('an unknown user is NOT_FOUND', async () => {
    expect(await deactivateUser(t.deps, 987_654_321)).toEqual({ ok: false, code: 'NOT_FOUND' })
    expect(await reactivateUser(t.deps, 987_654_321)).toEqual({ ok: false, code: 'NOT_FOUND' })
  })
})
