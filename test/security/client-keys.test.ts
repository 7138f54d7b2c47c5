// What limits and logs key a client by: an IPv6 client's /64, and a keyed hash of an email.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { createHash, createHmac, hkdfSync } from 'node:crypto'
import { emailKey } from '../../src/auth/rate-limits'
import { ipRateLimitKey } from '../../src/http/ip-key'
import { createTestApp, type TestApp, uniqueEmail } from '../support/app'
import { contractLimits, json } from './helpers'

setDefaultTimeout(120_000)

describe('ipRateLimitKey', () => {
  test('IPv6 addresses of one /64 share a key, whatever their spelling; other /64s do not', () => {
    const key = ipRateLimitKey('2001:db8:1:2::1')
    expect(key).toBe('2001:db8:1:2::/64')
    for (const same of [
      '2001:db8:1:2:aaaa:bbbb:cccc:dddd',
      '2001:0DB8:0001:0002:0:0:0:ffff',
      '[2001:db8:1:2::99]',
      '2001:db8:1:2::7%eth0',
      '2001:db8:1:2:0:0:192.0.2.1',
    ])
      expect(ipRateLimitKey(same)).toBe(key)
    for (const other of ['2001:db8:1:3::1', '2001:db8:1::1', '2001:db9:1:2::1', '::1'])
      expect(ipRateLimitKey(other)).not.toBe(key)
    expect(ipRateLimitKey('::1')).toBe('0:0:0:0::/64')
  })

  test('IPv4 and IPv4-mapped addresses stay the IPv4 address; anything unparsable stays as it is', () => {
    expect(ipRateLimitKey('192.0.2.1')).toBe('192.0.2.1')
    expect(ipRateLimitKey('::ffff:192.0.2.1')).toBe('192.0.2.1')
    expect(ipRateLimitKey('::ffff:c000:201')).toBe('192.0.2.1')
    for (const odd of ['unknown', '1:2:3', '1::2::3', '2001:db8::12345', '::ffff:1.2.3.256'])
      expect(ipRateLimitKey(odd)).toBe(odd)
  })
})

describe('per-IP limits for IPv6 clients (POST /login 10/min)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ env: contractLimits('login') })
  })
  afterAll(() => t.close())

  const attempt = (ip: string) =>
    t.request('/login', json({ email: uniqueEmail(), password: 'wrong password here' }), ip)
  const random16 = () => Math.floor(Math.random() * 0xffff).toString(16)

  test('a new address in the same /64 for every request does not reset the counter; another /64 is another client', async () => {
    const prefix = `2001:db8:${random16()}:${random16()}`
    const used: string[] = []
    for (let i = 0; i < 10; i++) {
      const ip = `${prefix}:${random16()}:${random16()}::${(i + 1).toString(16)}`
      used.push(ip)
      expect((await attempt(ip)).status).toBe(401)
    }
    expect((await attempt(`${prefix}::abcd`)).status).toBe(429)
    expect((await attempt(`2001:db8:${random16()}:${random16()}::1`)).status).toBe(401)
    // The log keeps each full address.
    for (const ip of used) expect(t.log.some((l) => l.includes(`"ip":"${ip}"`))).toBe(true)
  })
})

describe('emailHash', () => {
  const secret = 'test-secret-test-secret-test-secret-0123456789'
  let t: TestApp
  let other: TestApp
  beforeAll(async () => {
    ;[t, other] = await Promise.all([
      createTestApp({ env: { JWT_SECRET: secret } }),
      createTestApp({ env: { JWT_SECRET: 'another-secret-another-secret-another-secret' } }),
    ])
  })
  afterAll(() => Promise.all([t.close(), other.close()]))

  async function loggedHash(app: TestApp, email: string): Promise<string> {
    await app.json('POST', '/login', { email, password: 'not the right password' })
    const entry = app.log
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((e) => e.event === 'auth.login' && typeof e.emailHash === 'string')
      .at(-1)!
    return entry.emailHash as string
  }

  test('is an HMAC keyed from JWT_SECRET: not the plain SHA-256, and another secret gives another hash', async () => {
    const email = uniqueEmail('hashed')
    const logged = await loggedHash(t, email)
    expect(logged).toMatch(/^[0-9a-f]{32}$/)
    expect(logged).toBe(await emailKey(t.deps, email))

    const sha = (text: string) => createHash('sha256').update(text).digest('hex')
    for (const unkeyed of [sha(email), sha(`email:${email}`)]) {
      expect(unkeyed).not.toContain(logged)
      expect(unkeyed.slice(0, 32)).not.toBe(logged)
    }
    expect(await loggedHash(other, email)).not.toBe(logged)

    // The same construction, computed independently: HKDF-SHA-256 of the secret, then HMAC.
    const key = Buffer.from(hkdfSync('sha256', secret, '', 'gatehouse email hash v1', 32))
    expect(createHmac('sha256', key).update(email).digest('hex').slice(0, 32)).toBe(logged)
  })
})
