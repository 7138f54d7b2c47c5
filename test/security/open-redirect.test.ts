// Open redirect: after a form log-in, ?next= is followed only when it is a path on this site.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { APP_URL, createTestApp, STRONG_PASSWORD, type TestApp } from '../support/app'
import { SAME_ORIGIN, urlencoded } from './helpers'

// Under load, starting the embedded database alone can take longer than bun's 5 s default.
setDefaultTimeout(60_000)

let t: TestApp
let email: string
beforeAll(async () => {
  t = await createTestApp()
  email = (await t.signUp()).email
})
afterAll(() => t.close())

/** ?next= values exactly as they would appear in a crafted link's query string. */
const HOSTILE = [
  '//evil.example',
  '///evil.example',
  '////evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  'https:evil.example',
  'https://evil.example',
  'http:/evil.example',
  'HTTPS://evil.example/account',
  '/%2F%2Fevil.example',
  '%2F%2Fevil.example',
  '%2F%5Cevil.example',
  '/%5Cevil.example',
  '/%5C%5Cevil.example',
  'http%3A%2F%2Fevil.example',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '/%0d%0aSet-Cookie:%20session_id=planted',
  '/%0D%0ALocation:%20https://evil.example',
  '%0d%0a//evil.example',
  '/%09/evil.example',
  '%09//evil.example',
  '/\t/evil.example',
  '%20//evil.example',
  '/%20/evil.example',
  '/%00//evil.example',
  '/%E3%80%80/evil.example',
  // Dot segments resolve away: each of these becomes //evil.example after URL parsing.
  '/.//evil.example',
  '/..//evil.example',
  '/account/..//evil.example',
  '/%2e//evil.example',
  '/%2E%2E//evil.example',
  '/.%2F/evil.example',
  '/./%5Cevil.example',
]

/** Where a browser would go from our origin: it must stay here (the parser treats \ as / and drops tabs and newlines). */
function expectOnSite(location: string | null) {
  expect(location).not.toBeNull()
  const value = location!
  expect(value).toMatch(/^\/(?![/\\])/)
  expect(value).not.toMatch(/[\s\x00-\x1f\x7f\\]/)
  expect(new URL(value, APP_URL).origin).toBe(APP_URL)
  expect(new URL(value.replace(/\\/g, '/').replace(/[\t\n\r]/g, ''), APP_URL).origin).toBe(APP_URL)
}

const logIn = (next: string) =>
  t.request(`/login?next=${next}`, urlencoded({ email, password: STRONG_PASSWORD }, SAME_ORIGIN))

describe('POST /login?next=… (form)', () => {
  test('hostile values never lead off site, and fall back to /account', async () => {
    for (const next of HOSTILE) {
      const res = await logIn(next)
      expect({ next, status: res.status }).toEqual({ next, status: 303 })
      expectOnSite(res.headers.get('location'))
      expect({ next, location: res.headers.get('location') }).toEqual({
        next,
        location: '/account',
      })
      // No header was injected through the value.
      expect(res.headers.getSetCookie()).toHaveLength(1)
      expect(res.headers.getSetCookie()[0]).toMatch(/^session_id=[A-Za-z0-9_-]{43};/)
    }
  })

  test('double-encoded values stay paths on this site', async () => {
    for (const next of [
      '/%252F%252Fevil.example',
      '/%255Cevil.example',
      '/%252e%252e//evil.example',
    ]) {
      const res = await logIn(next)
      expect(res.status).toBe(303)
      expectOnSite(res.headers.get('location'))
    }
  })

  test('a good ?next=/account?tab=1 is followed, encoded or not', async () => {
    for (const next of ['/account?tab=1', '%2Faccount%3Ftab%3D1']) {
      const res = await logIn(next)
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe('/account?tab=1')
    }
    expect((await logIn('/account%23security')).headers.get('location')).toBe('/account#security')
  })

  test('without ?next= the log-in lands on /account', async () => {
    const res = await t.request(
      '/login',
      urlencoded({ email, password: STRONG_PASSWORD }, SAME_ORIGIN),
    )
    expect(res.headers.get('location')).toBe('/account')
  })
})

describe('GET /login?next=… and a failed log-in carry only a safe next', () => {
  /** The log-in form's action: /login, or /login?next=<a path on this site>. */
  function formNext(html: string): string | null {
    const action = /<form method="post" action="([^"]*)"/.exec(html)![1]!.replaceAll('&amp;', '&')
    expect(action.startsWith('/login')).toBe(true)
    const next = new URL(action, APP_URL).searchParams.get('next')
    if (next !== null) expectOnSite(next)
    return next
  }

  test('hostile values are dropped from the form', async () => {
    for (const next of HOSTILE) {
      const page = await t.request(`/login?next=${next}`, { headers: { accept: 'text/html' } })
      expect(page.status).toBe(200)
      expect({ next, kept: formNext(await page.text()) }).toEqual({ next, kept: null })
      const failed = await t.request(
        `/login?next=${next}`,
        urlencoded({ email, password: 'not the right password' }, SAME_ORIGIN),
      )
      expect(failed.status).toBe(401)
      expect({ next, kept: formNext(await failed.text()) }).toEqual({ next, kept: null })
    }
  })

  test('a good value is kept for the form post', async () => {
    const page = await t.request('/login?next=/account?tab=1', { headers: { accept: 'text/html' } })
    expect(formNext(await page.text())).toBe('/account?tab=1')
  })
})
