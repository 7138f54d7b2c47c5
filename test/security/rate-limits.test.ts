// Rate limits keyed on a client IP the client cannot forge, per-email limits against mail-bombing, account throttling.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { parseConfig, type RuleName } from '../../src/config'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'
import {
  contractLimits,
  freshIp,
  json,
  mailsTo,
  observable,
  SAME_ORIGIN,
  urlencoded,
} from './helpers'

// Under load, starting the embedded database alone can take longer than bun's 5 s default.
setDefaultTimeout(60_000)

/** Headers a client could send to claim another address; on Bun only the socket counts. */
function spoofingHeaders(i: number): Record<string, string> {
  const fake = `203.0.113.${i + 1}`
  return {
    'x-forwarded-for': `${fake}, 192.0.2.${i + 1}`,
    'x-real-ip': fake,
    'cf-connecting-ip': fake,
    'true-client-ip': fake,
    'x-client-ip': fake,
    'x-cluster-client-ip': fake,
    'fastly-client-ip': fake,
    forwarded: `for=${fake};proto=https`,
  }
}

function expect429(res: Response, limit: number, windowSeconds: number) {
  expect(res.status).toBe(429)
  const retryAfter = Number(res.headers.get('retry-after'))
  const reset = Number(res.headers.get('ratelimit-reset'))
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= windowSeconds).toBe(true)
  expect(Number.isInteger(reset) && reset >= 1 && reset <= windowSeconds).toBe(true)
  expect(res.headers.get('ratelimit-limit')).toBe(String(limit))
  expect(res.headers.get('ratelimit-remaining')).toBe('0')
}

describe('the client IP cannot be forged', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ env: contractLimits('login') })
  })
  afterAll(() => t.close())

  test('on Bun without TRUST_PROXY, rotating X-Forwarded-For, X-Real-IP, CF-Connecting-IP… does not reset a counter', async () => {
    const socket = freshIp()
    for (let i = 0; i < 10; i++) {
      const res = await t.request(
        '/login',
        json({ email: uniqueEmail(), password: 'wrong password here' }, spoofingHeaders(i)),
        socket,
      )
      expect(res.status).toBe(401)
    }
    const blocked = await t.request(
      '/login',
      json({ email: uniqueEmail(), password: 'wrong password here' }, spoofingHeaders(99)),
      socket,
    )
    expect429(blocked, 10, 60)
    expect(await blocked.json()).toEqual({ detail: 'Rate limit exceeded' })
    // The same peer seen through a dual-stack socket is the same client.
    expect(
      (await t.request('/login', json({ email: uniqueEmail(), password: 'x' }), `::ffff:${socket}`))
        .status,
    ).toBe(429)
    // Another socket address is another client.
    expect(
      (
        await t.request(
          '/login',
          json({ email: uniqueEmail(), password: 'wrong password here' }),
          freshIp(),
        )
      ).status,
    ).toBe(401)
    // The log records the socket address, never a claimed one.
    const lines = t.log.filter((l) => l.includes(`"ip":"${socket}"`))
    expect(lines.length).toBeGreaterThanOrEqual(10)
    expect(t.log.some((l) => l.includes('203.0.113.'))).toBe(false)
  })

  test("with TRUST_PROXY=true the right-most X-Forwarded-For entry (our proxy's) is the client", async () => {
    const proxied = await createTestApp({
      env: { ...contractLimits('login'), TRUST_PROXY: 'true' },
    })
    try {
      const proxy = freshIp()
      const client = '198.18.0.7'
      const send = (xff: string, extra: Record<string, string> = {}) =>
        proxied.request(
          '/login',
          json(
            { email: uniqueEmail(), password: 'wrong password here' },
            { 'x-forwarded-for': xff, ...extra },
          ),
          proxy,
        )
      // The client controls everything left of what the proxy appended.
      for (let i = 0; i < 10; i++)
        expect(
          (
            await send(`203.0.113.${i}, 10.9.9.${i}, ${client}`, {
              'x-real-ip': `203.0.113.${i}`,
              'cf-connecting-ip': `203.0.113.${i}`,
            })
          ).status,
        ).toBe(401)
      expect429(await send(`203.0.113.200, ${client}`), 10, 60)
      expect((await send(client)).status).toBe(429)
      // Another right-most address is another client, behind the same proxy socket.
      expect((await send(`${client}, 198.18.0.8`)).status).toBe(401)
      expect(proxied.log.some((l) => l.includes(`"ip":"${client}"`))).toBe(true)
      expect(proxied.log.some((l) => l.includes(`"ip":"203.0.113.`))).toBe(false)
    } finally {
      await proxied.close()
    }
  })
})

describe("the contract's default limits, per client IP", () => {
  test("src/config.ts defaults are the contract's", () => {
    const limits = parseConfig({ NODE_ENV: 'test' }).rateLimits
    const table = Object.fromEntries(
      Object.entries(limits).map(([name, r]) => [name, [r.limit, r.windowSeconds]]),
    )
    expect(table).toEqual({
      global: [100, 60],
      register: [5, 60],
      login: [10, 60],
      loginFailuresPerEmail: [5, 900],
      verifyEmail: [5, 60],
      passwordReset: [3, 60],
      passwordResetPerEmail: [3, 3600],
      resendVerification: [3, 60],
      resendVerificationPerEmail: [3, 3600],
      resetPassword: [5, 60],
      // The contract names none for the email-change link: that of the verification link.
      confirmEmailChange: [5, 60],
      // Wrong one-time codes per account per hour, across all its codes.
      codeFailuresPerEmail: [10, 3600],
    })
  })

  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({
      env: contractLimits(
        'global',
        'register',
        'login',
        'verifyEmail',
        'passwordReset',
        'resendVerification',
        'resetPassword',
      ),
    })
  })
  afterAll(() => t.close())

  // Invalid bodies are counted too: the limit is checked before anything is parsed.
  const cases: [string, RuleName, number, () => RequestInit, string][] = [
    ['POST /register', 'register', 5, () => json({}), '/register'],
    ['POST /login', 'login', 10, () => json({}), '/login'],
    [
      'GET /verify-email',
      'verifyEmail',
      5,
      () => ({ headers: { accept: 'application/json' } }),
      '/verify-email?token=not-a-token',
    ],
    ['POST /request-password-reset', 'passwordReset', 3, () => json({}), '/request-password-reset'],
    ['POST /resend-verification', 'resendVerification', 3, () => json({}), '/resend-verification'],
    ['POST /reset-password', 'resetPassword', 5, () => json({}), '/reset-password'],
    [
      'every route (GET /)',
      'global',
      100,
      () => ({ headers: { accept: 'application/json' } }),
      '/',
    ],
  ]
  for (const [name, , limit, init, path] of cases) {
    test(`${name}: ${limit}/min, then 429 with Retry-After and RateLimit-*`, async () => {
      const ip = freshIp()
      for (let i = 0; i < limit; i++)
        expect((await t.request(path, init(), ip)).status).not.toBe(429)
      const blocked = await t.request(path, init(), ip)
      expect429(blocked, limit, 60)
      expect(await blocked.json()).toEqual({ detail: 'Rate limit exceeded' })
    })
  }

  test('the 429 page for browsers carries the same headers', async () => {
    const ip = freshIp()
    for (let i = 0; i < 3; i++)
      await t.request('/request-password-reset', urlencoded({ email: 'x' }, SAME_ORIGIN), ip)
    const page = await t.request(
      '/request-password-reset',
      urlencoded({ email: 'x' }, SAME_ORIGIN),
      ip,
    )
    expect429(page, 3, 60)
    expect(page.headers.get('content-type')).toContain('text/html')
  })
})

describe('per-email limits stop mail-bombing one address from many IPs', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({
      env: contractLimits(
        'passwordReset',
        'passwordResetPerEmail',
        'resendVerification',
        'resendVerificationPerEmail',
      ),
    })
  })
  afterAll(() => t.close())

  /**
   * Sends one request per spelling from a new IP each time and returns the answers and how many
   * mails of `subject` reached the address after each. Every request's mail work is let finish
   * before the next, so a newer mail never supersedes an older unsent one (the outbox does that
   * on purpose) and each count shows exactly what the limit let through.
   */
  async function bomb(path: string, email: string, subject: string) {
    const answers = []
    const counts = []
    for (const spelling of spellings(email)) {
      answers.push(await observable(await t.request(path, json({ email: spelling }), freshIp())))
      await t.deps.settled()
      counts.push(mailsTo(t, email).filter((m) => m.subject === subject).length)
    }
    return { answers, counts }
  }

  // Case and surrounding spaces are normalised away before counting, so they are no way around it.
  const spellings = (email: string) => [
    email,
    email.toUpperCase(),
    `  ${email}  `,
    email,
    `${email[0]!.toUpperCase()}${email.slice(1)}`,
    email,
    email,
    email,
  ]

  test('POST /request-password-reset: 3 mails per hour, then identical answers and no more mail', async () => {
    const { email } = await t.signUp()
    const unknown = await observable(
      await t.request('/request-password-reset', json({ email: uniqueEmail('ghost') }), freshIp()),
    )
    const { answers, counts } = await bomb('/request-password-reset', email, 'Reset your password')
    for (const answer of answers) expect(answer).toEqual(unknown)
    expect(counts).toEqual([1, 2, 3, 3, 3, 3, 3, 3])
  })

  test('POST /resend-verification: 3 mails per hour, then identical answers and no more mail', async () => {
    const email = uniqueEmail('pending')
    expect((await t.json('POST', '/register', { email, password: STRONG_PASSWORD })).status).toBe(
      201,
    )
    await t.mail(email, 'Verify your email address')
    const unknown = await observable(
      await t.request('/resend-verification', json({ email: uniqueEmail('ghost') }), freshIp()),
    )
    const { answers, counts } = await bomb(
      '/resend-verification',
      email,
      'Verify your email address',
    )
    for (const answer of answers) expect(answer).toEqual(unknown)
    // One from the sign-up, then three resent.
    expect(counts).toEqual([2, 3, 4, 4, 4, 4, 4, 4])
  })
})

describe('failed log-ins per account', () => {
  test('5 failures in 15 minutes from many IPs throttle the account; a reset still works and lifts the throttle', async () => {
    const t = await createTestApp({
      env: contractLimits(
        'login',
        'loginFailuresPerEmail',
        'passwordReset',
        'passwordResetPerEmail',
        'resetPassword',
      ),
    })
    try {
      const { email } = await t.signUp()
      for (let i = 0; i < 5; i++)
        expect(
          (
            await t.request(
              '/login',
              json({ email, password: `wrong password number ${i}` }),
              freshIp(),
            )
          ).status,
        ).toBe(401)
      // Even the right password is refused now, from any address: the attacker cannot keep guessing.
      const blocked = await t.request(
        '/login',
        json({ email, password: STRONG_PASSWORD }),
        freshIp(),
      )
      expect429(blocked, 5, 900)
      expect(await blocked.json()).toEqual({ detail: 'Rate limit exceeded' })
      const page = await t.request(
        '/login',
        urlencoded({ email, password: STRONG_PASSWORD }, SAME_ORIGIN),
        freshIp(),
      )
      expect429(page, 5, 900)

      expect((await t.request('/request-password-reset', json({ email }), freshIp())).status).toBe(
        200,
      )
      const { token } = await t.mail(email, 'Reset your password')
      const newPassword = 'a throttled account gets a new passphrase'
      expect(
        (await t.request('/reset-password', json({ token, new_password: newPassword }), freshIp()))
          .status,
      ).toBe(200)
      const login = await t.request('/login', json({ email, password: newPassword }), freshIp())
      expect(login.status).toBe(200)
    } finally {
      await t.close()
    }
  })
})
