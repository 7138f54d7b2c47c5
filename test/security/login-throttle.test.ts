// The per-email failed-login limit holds under concurrency: counted before the password is checked, refunded on success.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'
import { contractLimits, freshIp, json } from './helpers'

setDefaultTimeout(120_000)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ env: contractLimits('loginFailuresPerEmail') })
})
afterAll(() => t.close())

const attempt = (email: string, password: string, ip: string) =>
  t.request('/login', json({ email, password }), ip)

describe('failed log-ins per email (5 per 15 min)', () => {
  for (const [kind, email] of [
    ['a known email', async () => (await t.signUp()).email],
    ['an unknown email', async () => uniqueEmail('ghost')],
  ] as const) {
    test(`30 concurrent wrong passwords for ${kind} from 3 addresses: at most 5 answer 401, the rest 429`, async () => {
      const target = await email()
      const ips = [freshIp(), freshIp(), freshIp()]
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          attempt(target, `wrong password no ${i}`, ips[i % 3]!),
        ),
      )
      const statuses = answers.map((r) => r.status)
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5)
      expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0)
      expect(statuses.filter((s) => s !== 401).every((s) => s === 429)).toBe(true)
      for (const res of answers.filter((r) => r.status === 429)) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
        expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(900)
        expect(await res.json()).toEqual({ detail: 'Rate limit exceeded' })
      }
    })
  }

  test('a successful log-in after failures does not count as a failure', async () => {
    const { email } = await t.signUp()
    for (let i = 0; i < 4; i++)
      expect((await attempt(email, `wrong password no ${i}`, freshIp())).status).toBe(401)
    for (let i = 0; i < 3; i++)
      expect((await attempt(email, STRONG_PASSWORD, freshIp())).status).toBe(200)
    // The fifth failure is still a 401; only then is the account throttled.
    expect((await attempt(email, 'wrong password no 5', freshIp())).status).toBe(401)
    expect((await attempt(email, STRONG_PASSWORD, freshIp())).status).toBe(429)
  })

  test('concurrent right passwords among wrong ones: the right ones pass while under the limit', async () => {
    const { email } = await t.signUp()
    const answers = await Promise.all([
      ...Array.from({ length: 3 }, (_, i) => attempt(email, `wrong password no ${i}`, freshIp())),
      ...Array.from({ length: 2 }, () => attempt(email, STRONG_PASSWORD, freshIp())),
    ])
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 200, 200])
    // 3 failures counted, the 2 successes refunded: two more failures fit, a third does not.
    expect((await attempt(email, 'wrong password no 3', freshIp())).status).toBe(401)
    expect((await attempt(email, 'wrong password no 4', freshIp())).status).toBe(401)
    expect((await attempt(email, 'wrong password no 5', freshIp())).status).toBe(429)
  })
})
