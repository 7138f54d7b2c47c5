import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

async function registered() {
  const email = uniqueEmail()
  await t.json('POST', '/register', { email, password: STRONG_PASSWORD })
  const { token } = await t.mail(email, 'Verify your email address')
  return { email, token: token! }
}

describe('GET /verify-email (JSON clients)', () => {
  test('verifies with the mailed token; again answers "Email already verified"', async () => {
    const { email, token } = await registered()
    const first = await t.json('GET', `/verify-email?token=${token}`)
    expect(first).toMatchObject({ status: 200, body: { message: 'Email verified successfully' } })
    const again = await t.json('GET', `/verify-email?token=${token}`)
    expect(again).toMatchObject({ status: 200, body: { message: 'Email already verified' } })
    const login = await t.json('POST', '/login', { email, password: STRONG_PASSWORD })
    expect(login.status).toBe(200)
    expect(login.body.user.is_verified).toBe(true)
  })

  test('a browser GET shows a confirm page and changes nothing', async () => {
    const { email, token } = await registered()
    const page = await t.request(`/verify-email?token=${token}`, {
      headers: { accept: 'text/html' },
    })
    expect(page.status).toBe(200)
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    const html = await page.text()
    expect(html).toContain('method="post"')
    expect(html).toContain(`value="${token}"`)
    expect((await t.json('POST', '/login', { email, password: STRONG_PASSWORD })).body).toEqual({
      detail: 'Please verify your email address',
    })
  })

  test('only an Accept that names application/json acts: scanners, unfurlers, prefetchers and HEAD get the confirm page', async () => {
    const { email, token } = await registered()
    const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
    const visitors: [string, RequestInit][] = [
      ['no Accept', {}],
      ['Accept: */*', { headers: { accept: '*/*' } }],
      ['Accept: application/xhtml+xml,*/*', { headers: { accept: 'application/xhtml+xml,*/*' } }],
      ['Accept: text/html', { headers: { accept: 'text/html' } }],
      ["a browser's Accept", { headers: { accept: browserAccept } }],
      ['Accept: application/*', { headers: { accept: 'application/*' } }],
      ['application/json refused (q=0)', { headers: { accept: 'application/json;q=0, */*' } }],
      ['JSON and HTML both named', { headers: { accept: 'text/html, application/json' } }],
      ['HEAD', { method: 'HEAD' }],
      ['HEAD asking for JSON', { method: 'HEAD', headers: { accept: 'application/json' } }],
    ]
    for (const [name, init] of visitors) {
      const res = await t.request(`/verify-email?token=${token}`, init)
      const page = { name, status: res.status, type: res.headers.get('content-type') }
      expect(page).toEqual({ name, status: 200, type: 'text/html; charset=UTF-8' })
      expect({ name, referrer: res.headers.get('referrer-policy') }).toEqual({
        name,
        referrer: 'no-referrer',
      })
      const html = await res.text()
      if (init.method !== 'HEAD') expect(html).toContain('Confirm my email')
    }
    // Nothing changed: the account is unverified, and the link still works for its owner, once.
    expect((await t.json('POST', '/login', { email, password: STRONG_PASSWORD })).body).toEqual({
      detail: 'Please verify your email address',
    })
    const explicit = await t.request(`/verify-email?token=${token}`, {
      headers: { accept: 'application/json' },
    })
    expect(explicit.status).toBe(200)
    expect(await explicit.json()).toEqual({ message: 'Email verified successfully' })
  })

  test('the page answer holds for errors too: a missing token with Accept: */* is a 422 page', async () => {
    const res = await t.request('/verify-email', { headers: { accept: '*/*' } })
    expect(res.status).toBe(422)
    expect(res.headers.get('content-type')).toContain('text/html')
  })

  test('400 for an unknown, malformed or expired token; 422 without one', async () => {
    expect(await t.json('GET', '/verify-email?token=nope')).toMatchObject({
      status: 400,
      body: { detail: 'Invalid or expired verification token' },
    })
    expect(await t.json('GET', `/verify-email?token=${'A'.repeat(43)}`)).toMatchObject({
      status: 400,
    })
    const missing = await t.json('GET', '/verify-email')
    expect(missing.status).toBe(422)
    expect(missing.body.detail[0]).toMatchObject({ loc: ['query', 'token'], type: 'missing' })

    const { token } = await registered()
    t.clock.advance(24 * 3600 * 1000 + 1000)
    try {
      expect(await t.json('GET', `/verify-email?token=${token}`)).toMatchObject({
        status: 400,
        body: { detail: 'Invalid or expired verification token' },
      })
    } finally {
      t.clock.advance(-(24 * 3600 * 1000 + 1000))
    }
  })
})

describe('POST /verify-email', () => {
  test('JSON body verifies; 50 concurrent uses: exactly one "verified", the rest "already verified"', async () => {
    const { token } = await registered()
    const results = await Promise.all(
      Array.from({ length: 50 }, () => t.json('POST', '/verify-email', { token })),
    )
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(results.filter((r) => r.body.message === 'Email verified successfully')).toHaveLength(1)
    expect(results.filter((r) => r.body.message === 'Email already verified')).toHaveLength(49)
  })
})

describe('POST /resend-verification', () => {
  const MESSAGE =
    'If the account exists and is not verified, a new verification email has been sent'

  test('same answer for unknown, unverified and verified emails; only the unverified get a mail', async () => {
    const { email } = await registered()
    const before = t.smtp.messages.length
    for (const address of [email, uniqueEmail('nobody')]) {
      expect(await t.json('POST', '/resend-verification', { email: address })).toMatchObject({
        status: 200,
        body: { message: MESSAGE },
      })
    }
    const mail = await t.mail(email, 'Verify your email address')
    expect(mail.token).toBeDefined()
    await t.deps.settled()
    expect(t.smtp.messages.length).toBe(before + 1)
    expect((await t.json('POST', '/verify-email', { token: mail.token })).body.message).toBe(
      'Email verified successfully',
    )
  })

  test('422 for an invalid email', async () => {
    expect((await t.json('POST', '/resend-verification', { email: 'x' })).status).toBe(422)
  })
})
