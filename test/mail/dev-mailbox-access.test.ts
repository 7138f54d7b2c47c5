// Who may open /dev/mailbox (it holds live links): a client on this machine, outside production.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createApp } from '../../src/app'
import { APP_URL, createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

const LOOPBACK = ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']
const ELSEWHERE = ['10.0.0.7', '192.0.2.2', '203.0.113.9', 'fd00::2', '::ffff:10.0.0.1']

let dev: TestApp
let proxied: TestApp
let smtp: TestApp
beforeAll(async () => {
  // SMTP_HOST empty: mail goes to the dev mailbox. One mail in it, so a leak would show.
  dev = await createTestApp({ env: { SMTP_HOST: '' } })
  proxied = await createTestApp({ env: { SMTP_HOST: '', TRUST_PROXY: 'true' } })
  smtp = await createTestApp()
  await dev.json('POST', '/register', { email: uniqueEmail('mailbox'), password: STRONG_PASSWORD })
  await dev.deps.settled()
})
afterAll(async () => {
  await Promise.all([dev.close(), proxied.close(), smtp.close()])
})

async function mailbox(t: TestApp, ip: string, headers: Record<string, string> = {}) {
  const res = await t.request(
    '/dev/mailbox',
    { headers: { accept: 'application/json', ...headers } },
    ip,
  )
  return { status: res.status, body: await res.text(), allow: res.headers.get('allow') }
}

describe('/dev/mailbox', () => {
  test.each(LOOPBACK)('answers a client at %s', async (ip) => {
    const answer = await mailbox(dev, ip)
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body).mails.length).toBeGreaterThan(0)
  })

  test.each(ELSEWHERE)('is a 404 to a client at %s, as where it is off', async (ip) => {
    const off = await mailbox(smtp, '127.0.0.1')
    expect(off.status).toBe(404)
    expect(await mailbox(dev, ip)).toEqual(off)
    const post = await dev.request('/dev/mailbox', { method: 'POST' }, ip)
    expect([post.status, post.headers.get('allow')]).toEqual([404, null])
  })

  test('a forged X-Forwarded-For opens nothing, with or without TRUST_PROXY', async () => {
    for (const t of [dev, proxied])
      for (const forged of ['127.0.0.1', '::1', '10.0.0.1, 127.0.0.1'])
        expect((await mailbox(t, '192.0.2.2', { 'x-forwarded-for': forged })).status).toBe(404)
  })

  test('behind a proxy on this machine, only a client the proxy says is loopback', async () => {
    // Through a local proxy every socket peer is 127.0.0.1; the forwarded address decides.
    const fromProxy = (xff?: string) =>
      mailbox(proxied, '127.0.0.1', xff ? { 'x-forwarded-for': xff } : {})
    expect((await fromProxy('203.0.113.9')).status).toBe(404)
    expect((await fromProxy('127.0.0.1, 203.0.113.9')).status).toBe(404)
    expect((await fromProxy('127.0.0.1')).status).toBe(200)
    expect((await fromProxy()).status).toBe(200)
  })

  test('is a 404 in production, even to a loopback client', async () => {
    const production = createApp(() => ({
      ...dev.deps,
      config: { ...dev.deps.config, env: 'production' },
    }))
    const res = await production.request(
      '/dev/mailbox',
      { headers: { accept: 'application/json' } },
      { server: { requestIP: () => ({ address: '127.0.0.1', family: 'IPv4', port: 1 }) } },
    )
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain('token=')
  })

  test('answers in development (NODE_ENV=development) too', async () => {
    const t = await createTestApp({ env: { SMTP_HOST: '', NODE_ENV: 'development' } })
    try {
      expect((await mailbox(t, '::1')).status).toBe(200)
      expect((await mailbox(t, '10.0.0.7')).status).toBe(404)
    } finally {
      await t.close()
    }
  })
})

describe('"check your inbox" pages link to the mailbox only for a loopback client', () => {
  /** Posts a form and reads the page it ends on (following a Post/Redirect/Get redirect). */
  async function formPage(path: string, fields: Record<string, string>, ip: string) {
    let res = await dev.request(
      path,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: APP_URL },
        body: new URLSearchParams(fields).toString(),
      },
      ip,
    )
    const location = res.headers.get('location')
    if (res.status === 303 && location)
      res = await dev.request(location, { headers: { accept: 'text/html' } }, ip)
    expect(res.status).toBeLessThan(300)
    return res.text()
  }

  test.each([
    ['/register', () => ({ email: uniqueEmail('inbox'), password: STRONG_PASSWORD })],
    ['/request-password-reset', () => ({ email: uniqueEmail('inbox') })],
    ['/resend-verification', () => ({ email: uniqueEmail('inbox') })],
  ])('%s', async (path, fields) => {
    const near = await formPage(path, fields(), '127.0.0.1')
    expect(near).toContain('Check your inbox')
    expect(near).toContain('href="/dev/mailbox"')
    const far = await formPage(path, fields(), '10.0.0.7')
    expect(far).toContain('Check your inbox')
    expect(far).not.toContain('/dev/mailbox')
  })
})
