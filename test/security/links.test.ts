// Emailed links come from APP_URL only; pages whose URL holds a token leak it nowhere.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { APP_URL, createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'
import type { ReceivedMail } from '../support/smtp'
import { freshIp, json, SAME_ORIGIN, urlencoded } from './helpers'

// Under load, starting the embedded database alone can take longer than bun's 5 s default.
setDefaultTimeout(60_000)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const EVIL = 'evil.example'

/** Every way a request can claim another host, alone and all together. */
const POISONS: [string, Record<string, string>][] = [
  ['Host', { host: EVIL }],
  ['Host with a port', { host: `${EVIL}:3000` }],
  ['X-Forwarded-Host', { 'x-forwarded-host': EVIL }],
  [
    'X-Forwarded-Host and -Proto and -Port',
    { 'x-forwarded-host': EVIL, 'x-forwarded-proto': 'https', 'x-forwarded-port': '443' },
  ],
  ['Forwarded', { forwarded: `for=192.0.2.1;host=${EVIL};proto=https` }],
  [
    'X-Host, X-Forwarded-Server, X-Original-Host',
    { 'x-host': EVIL, 'x-forwarded-server': EVIL, 'x-original-host': EVIL },
  ],
  [
    'X-Original-URL and X-Rewrite-URL',
    { 'x-original-url': `https://${EVIL}/reset-password`, 'x-rewrite-url': `https://${EVIL}/` },
  ],
  [
    'all of them',
    {
      host: EVIL,
      'x-forwarded-host': EVIL,
      forwarded: `host=${EVIL}`,
      'x-host': EVIL,
      'x-forwarded-proto': 'https',
    },
  ],
]

/** Each http(s) URL in the mail (text and HTML) starts with APP_URL, and the evil host appears nowhere. */
function expectLinksOnAppUrl(mail: ReceivedMail) {
  const everything = [mail.text, mail.html, JSON.stringify(mail.headers)].join('\n')
  expect(everything).not.toContain(EVIL)
  const urls = everything.match(/https?:\/\/[^\s"'<>)]+/gi) ?? []
  expect(urls.length).toBeGreaterThan(0)
  for (const url of urls) expect(url.startsWith(`${APP_URL}/`)).toBe(true)
}

async function latest(email: string, subject: string, before: number) {
  await t.deps.settled()
  const found = await t.smtp.waitFor(
    (m) => m.to.includes(email) && m.subject === subject && t.smtp.messages.indexOf(m) >= before,
    5000,
  )
  return found
}

describe('links in emails are built from APP_URL, never from the request', () => {
  for (const [name, headers] of POISONS) {
    test(`reset link with a poisoned ${name}`, async () => {
      const { email } = await t.signUp()
      const before = t.smtp.messages.length
      expect((await t.request('/request-password-reset', json({ email }, headers))).status).toBe(
        200,
      )
      const mail = await latest(email, 'Reset your password', before)
      expectLinksOnAppUrl(mail)
      expect(mail.text).toMatch(new RegExp(`${APP_URL}/reset-password\\?token=[A-Za-z0-9_-]{43}`))
    })
  }

  test('reset link requested by a browser form with a poisoned Host, and through an absolute request URI', async () => {
    const { email } = await t.signUp()
    let before = t.smtp.messages.length
    expect(
      (
        await t.request(
          '/request-password-reset',
          urlencoded({ email }, { ...SAME_ORIGIN, host: EVIL, 'x-forwarded-host': EVIL }),
        )
      ).status,
    ).toBe(303)
    expectLinksOnAppUrl(await latest(email, 'Reset your password', before))
    // "POST http://evil.example/request-password-reset": Hono builds c.req.url from it.
    before = t.smtp.messages.length
    expect(
      (await t.request(`http://${EVIL}/request-password-reset`, json({ email }, { host: EVIL })))
        .status,
    ).toBe(200)
    expectLinksOnAppUrl(await latest(email, 'Reset your password', before))
  })

  test('behind a trusted proxy (TRUST_PROXY=true) the forwarded host is still ignored', async () => {
    const proxied = await createTestApp({ env: { TRUST_PROXY: 'true' } })
    try {
      const { email } = await proxied.signUp()
      const before = proxied.smtp.messages.length
      expect(
        (
          await proxied.request(
            '/request-password-reset',
            json(
              { email },
              {
                host: EVIL,
                'x-forwarded-host': EVIL,
                forwarded: `host=${EVIL}`,
                'x-forwarded-for': '192.0.2.1',
              },
            ),
          )
        ).status,
      ).toBe(200)
      await proxied.deps.settled()
      expectLinksOnAppUrl(
        await proxied.smtp.waitFor(
          (m) =>
            m.to.includes(email) &&
            m.subject === 'Reset your password' &&
            proxied.smtp.messages.indexOf(m) >= before,
          5000,
        ),
      )
    } finally {
      await proxied.close()
    }
  })

  test('verification links (sign-up and resend) and the "password changed" mail too', async () => {
    const email = uniqueEmail('poisoned')
    const poison = { host: EVIL, 'x-forwarded-host': EVIL, forwarded: `host=${EVIL}` }
    let before = t.smtp.messages.length
    expect(
      (await t.request('/register', json({ email, password: STRONG_PASSWORD }, poison))).status,
    ).toBe(201)
    expectLinksOnAppUrl(await latest(email, 'Verify your email address', before))
    before = t.smtp.messages.length
    expect((await t.request('/resend-verification', json({ email }, poison))).status).toBe(200)
    const verify = await latest(email, 'Verify your email address', before)
    expectLinksOnAppUrl(verify)
    before = t.smtp.messages.length
    expect((await t.request('/request-password-reset', json({ email }, poison))).status).toBe(200)
    const reset = await latest(email, 'Reset your password', before)
    const token = /token=([A-Za-z0-9_-]{43})/.exec(reset.text)![1]!
    before = t.smtp.messages.length
    expect(
      (
        await t.request(
          '/reset-password',
          json({ token, new_password: 'another long passphrase here' }, poison),
        )
      ).status,
    ).toBe(200)
    expectLinksOnAppUrl(await latest(email, 'Your password was changed', before))
  })
})

/** Every URL-bearing attribute of the page points at this site (a path), so nothing is fetched elsewhere. */
function expectNothingThirdParty(html: string) {
  expect(html).not.toMatch(/<(script|iframe|frame|object|embed|img|video|audio|source|base)\b/i)
  expect(html).not.toMatch(/http-equiv\s*=\s*["']?refresh/i)
  expect(html).not.toMatch(/url\s*\(/i)
  const attributes = [
    ...html.matchAll(
      /\b(src|href|action|formaction|srcset|poster|data|background|ping|manifest|cite|longdesc)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi,
    ),
  ]
  expect(attributes.length).toBeGreaterThan(0)
  for (const [, name, ...values] of attributes) {
    const value = values.find((v) => v !== undefined)!.replaceAll('&amp;', '&')
    const local =
      value.startsWith('#') ||
      (value.startsWith('/') && !value.startsWith('//') && !value.includes('\\'))
    expect({ [name!]: value, local }).toEqual({ [name!]: value, local: true })
  }
}

async function tokenPage(path: string, ip = freshIp()) {
  const res = await t.request(path, { headers: { accept: 'text/html' } }, ip)
  expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
  expect(res.headers.get('content-type')).toContain('text/html')
  const html = await res.text()
  expectNothingThirdParty(html)
  return { res, html }
}

describe('pages whose URL holds a token', () => {
  test('GET /verify-email?token=… and GET /reset-password?token=… : no-referrer and nothing third-party', async () => {
    const email = uniqueEmail()
    expect((await t.json('POST', '/register', { email, password: STRONG_PASSWORD })).status).toBe(
      201,
    )
    const { token: verifyToken } = await t.mail(email, 'Verify your email address')
    const verify = await tokenPage(`/verify-email?token=${verifyToken}`)
    expect(verify.res.status).toBe(200)
    expect(verify.html).toContain(`value="${verifyToken}"`)

    expect((await t.json('POST', '/request-password-reset', { email })).status).toBe(200)
    const { token: resetToken } = await t.mail(email, 'Reset your password')
    const reset = await tokenPage(`/reset-password?token=${resetToken}`)
    expect(reset.res.status).toBe(200)
    expect(reset.html).toContain(`value="${resetToken}"`)
  })

  test('their error answers too: unknown, malformed and oversized tokens, and a rate-limited link', async () => {
    await tokenPage(`/reset-password?token=${'A'.repeat(43)}`)
    await tokenPage('/reset-password?token=')
    expect((await tokenPage(`/verify-email?token=${'x'.repeat(600)}`)).res.status).toBe(422)
    const limited = await createTestApp({ env: { RATE_LIMIT_VERIFY_EMAIL: '1/60s' } })
    try {
      const ip = freshIp()
      const open = (n: number) =>
        limited.request(
          `/verify-email?token=${'B'.repeat(42)}${n}`,
          { headers: { accept: 'text/html' } },
          ip,
        )
      await open(1)
      const page = await open(2)
      expect(page.status).toBe(429)
      expect(page.headers.get('referrer-policy')).toBe('no-referrer')
      expectNothingThirdParty(await page.text())
    } finally {
      await limited.close()
    }
  })

  test('every other page loads nothing third-party either', async () => {
    const { cookie } = await t.signUp()
    for (const path of [
      '/',
      '/login',
      '/login?next=/account',
      '/register',
      '/request-password-reset',
      '/nope',
    ]) {
      expectNothingThirdParty(
        await (await t.request(path, { headers: { accept: 'text/html' } })).text(),
      )
    }
    expectNothingThirdParty(
      await (
        await t.request('/account', {
          headers: { accept: 'text/html', cookie: `session_id=${cookie}` },
        })
      ).text(),
    )
  })
})
