// Races between the account's revocations and log-ins of the same user, on this run's session
// store (the in-memory one, or Redis with TEST_REDIS_URL): a password change leaves no session
// of the old password alive, however the log-ins interleave with it; "sign out everywhere
// else" leaves the store's list and the sessions that still work in agreement.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { createTestApp, STRONG_PASSWORD, type TestApp } from '../support/app'

setDefaultTimeout(120_000)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const LOG_INS = 20
const ROUNDS = 3
// The 20 log-ins spread over about as long as a change takes (two argon2 runs), which starts
// a third of the way in: some log-ins answer before it, some during, some after.
const SPACING_MS = 15
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })
const live = async (token: string) =>
  (await t.json('GET', '/me', undefined, bearer(token))).status === 200

/** The public ids the store lists for the user, seen from `token`'s session. */
async function listed(token: string): Promise<string[]> {
  const res = await t.json('GET', '/account/sessions', undefined, bearer(token))
  expect(res.status).toBe(200)
  return res.body.sessions.map((s: { id: string }) => s.id).sort()
}

async function publicId(token: string): Promise<string> {
  const res = await t.json('GET', '/account/sessions', undefined, bearer(token))
  return res.body.sessions.find((s: { current: boolean }) => s.current).id
}

interface Attempt {
  password: 'old' | 'new'
  startedAt: number
  answeredAt: number
  status: number
  token?: string
}

/** Log-ins started `spacingMs` apart, so that some finish before the change and some after. */
function logIns(email: string, passwords: Record<'old' | 'new', string>, spacingMs: number) {
  return Array.from({ length: LOG_INS }, async (_, i): Promise<Attempt> => {
    await Bun.sleep(i * spacingMs)
    const password = i % 2 === 0 ? 'old' : 'new'
    const startedAt = performance.now()
    const res = await t.json('POST', '/login', { email, password: passwords[password] })
    return {
      password,
      startedAt,
      answeredAt: performance.now(),
      status: res.status,
      token: res.body.access_token,
    }
  })
}

describe('a password change concurrent with 20 log-ins of the same user', () => {
  test('no session of the old password survives; the current one and later ones do', async () => {
    const seen = { oldOk: 0, oldRefused: 0, newOk: 0, newRefused: 0 }
    for (let round = 0; round < ROUNDS; round++) {
      const user = await t.signUp()
      const passwords = { old: STRONG_PASSWORD, new: `a brand new passphrase round ${round}` }
      // A session from before the change, which must end too.
      const before = (
        await t.json('POST', '/login', { email: user.email, password: passwords.old })
      ).body.access_token as string
      const attempts = logIns(user.email, passwords, SPACING_MS)
      await Bun.sleep(LOG_INS * SPACING_MS * 0.3)
      const change = await t.json(
        'POST',
        '/account/password',
        { current_password: passwords.old, new_password: passwords.new },
        bearer(user.accessToken),
      )
      expect(change.status).toBe(200)
      const changedAt = performance.now()
      const done = await Promise.all(attempts)

      // The changing session stays; the one from before is gone.
      expect(await live(user.accessToken)).toBe(true)
      expect(await live(before)).toBe(false)
      const changeAnsweredAt = changedAt
      const survivors: string[] = []
      let dead = 1
      for (const a of done) {
        expect([200, 401]).toContain(a.status)
        if (a.status !== 200) {
          seen[a.password === 'old' ? 'oldRefused' : 'newRefused']++
          continue
        }
        seen[a.password === 'old' ? 'oldOk' : 'newOk']++
        const alive = await live(a.token!)
        // A log-in that checked the old password never leaves a live session behind.
        if (a.password === 'old') expect(alive).toBe(false)
        // One begun after the change answered checked the new password: a normal log-in.
        if (a.password === 'new' && a.startedAt > changeAnsweredAt) expect(alive).toBe(true)
        if (alive) survivors.push(await publicId(a.token!))
        else dead++
      }
      // Every session that ended was counted by the change (the one from before included).
      expect(change.body.sessions_revoked).toBe(dead)
      // The store lists exactly the live ones: none dead yet listed, none alive unlisted.
      const mine = await publicId(user.accessToken)
      expect(await listed(user.accessToken)).toEqual([mine, ...survivors].sort())
    }
    console.log(`password change race, ${ROUNDS} rounds of ${LOG_INS} log-ins:`, seen)
    // The race was real: log-ins with the old password answered both before and after the change.
    expect(seen.oldOk).toBeGreaterThan(0)
  })
})

describe('"sign out everywhere else" concurrent with 20 log-ins', () => {
  test('what answered before it is dead, what started after it lives, the list agrees', async () => {
    const outcome = { endedBefore: 0, livesAfter: 0, inFlight: 0 }
    for (let round = 0; round < ROUNDS; round++) {
      const user = await t.signUp()
      const passwords = { old: STRONG_PASSWORD, new: STRONG_PASSWORD }
      const attempts = logIns(user.email, passwords, SPACING_MS)
      await Bun.sleep(LOG_INS * SPACING_MS * 0.3)
      const sentAt = performance.now()
      const revoke = await t.json(
        'POST',
        '/account/sessions/revoke-others',
        undefined,
        bearer(user.accessToken),
      )
      const answeredAt = performance.now()
      expect(revoke.status).toBe(200)
      const done = await Promise.all(attempts)

      expect(await live(user.accessToken)).toBe(true)
      const alive: string[] = []
      let dead = 0
      for (const a of done) {
        if (a.status !== 200) continue
        const isLive = await live(a.token!)
        if (a.answeredAt < sentAt) {
          // Created before the revocation began: it ended.
          expect(isLive).toBe(false)
          outcome.endedBefore++
        } else if (a.startedAt > answeredAt) {
          // Begun after it answered: a fresh log-in with the right password.
          expect(isLive).toBe(true)
          outcome.livesAfter++
        } else outcome.inFlight++
        if (isLive) alive.push(await publicId(a.token!))
        else dead++
      }
      // Every session that ended was counted by the revocation, and only those.
      expect(revoke.body.sessions_revoked).toBe(dead)
      const mine = await publicId(user.accessToken)
      expect(await listed(user.accessToken)).toEqual([mine, ...alive].sort())
    }
    console.log(`revoke-others race, ${ROUNDS} rounds of ${LOG_INS} log-ins:`, outcome)
    expect(outcome.endedBefore + outcome.livesAfter + outcome.inFlight).toBeGreaterThan(0)
  })
})
