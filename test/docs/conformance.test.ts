// The running app answers what the document says: every status documented, every JSON body valid against
// the schema of that status; and the typed client of examples/client.ts works against it.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import * as v from 'valibot'
import { ERRORS, type ErrorCode } from '../../src/errors'
import { type Operation, operations } from '../../src/http/openapi/operations'
import { ErrorResponse, InternalErrorResponse, ValidationErrorResponse } from '../../src/http/openapi/schemas'
import { ApiError, createClient, logIn, logOut, register, verifyEmail, whoAmI } from '../../examples/client'
import { APP_URL, createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

const OPS = Object.values(operations) as Operation[]

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
}, 30_000)
afterAll(() => t.close())

/** Checks one answer against the operation table that generates /openapi.json. */
async function conforms(method: string, path: string, res: Response) {
  const op = OPS.find((o) => o.method === method.toLowerCase() && o.path === path)
  const pathOps = OPS.filter((o) => o.path === path)
  const status = res.status
  const type = res.headers.get('content-type') ?? ''
  const body = type.includes('json') ? await res.json() : await res.text()
  const where = `${method} ${path} → ${status}`
  if (status === 405) {
    expect({ where, documented: pathOps.some((o) => o.errors.includes('METHOD_NOT_ALLOWED')) }).toEqual({ where, documented: true })
    expect(body).toEqual({ detail: 'Method Not Allowed' })
    return
  }
  expect({ where, op: op !== undefined }).toEqual({ where, op: true })
  const answer = op!.json?.find((a) => a.status === status)
  const codes = op!.errors.filter((code) => ERRORS[code][0] === status)
  if (status === 303) {
    const location = op!.page?.status === 303 ? op!.page.location : op!.redirect?.location
    expect({ where, location: res.headers.get('location') }).toEqual({ where, location: location ?? 'undocumented' })
    return
  }
  if (type.includes('text/html')) {
    expect({ where, documented: op!.page?.status === status || codes.length > 0 }).toEqual({ where, documented: true })
    return
  }
  if (answer) {
    const parsed = v.safeParse(answer.schema, body)
    expect({ where, issues: parsed.issues?.map((i) => i.message) }).toEqual({ where, issues: undefined })
    return
  }
  expect({ where, documented: codes.length > 0 }).toEqual({ where, documented: true })
  const schema = status === 422 ? ValidationErrorResponse : status === 500 ? InternalErrorResponse : ErrorResponse
  expect(v.safeParse(schema, body).success).toBe(true)
  if (status !== 422) expect(codes.map((code: ErrorCode): string => ERRORS[code][1])).toContain((body as { detail: string }).detail)
}

async function call(method: string, path: string, init: { json?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers }
  if (init.json !== undefined) headers['content-type'] ??= 'application/json'
  const body = init.raw ?? (init.json === undefined ? undefined : JSON.stringify(init.json))
  const res = await t.request(path, { method, headers, body })
  const status = res.status
  await conforms(method, path.split('?')[0]!, res)
  return status
}

describe('the app answers what /openapi.json documents', () => {
  test('sign-up, verification, log-in, me, log-out and their errors', async () => {
    const email = uniqueEmail('docs')
    expect(await call('GET', '/')).toBe(200)
    expect(await call('POST', '/register', { json: { email, password: STRONG_PASSWORD } })).toBe(201)
    expect(await call('POST', '/register', { json: { email, password: STRONG_PASSWORD } })).toBe(400)
    expect(await call('POST', '/register', { json: { email } })).toBe(422)
    expect(await call('POST', '/register', { json: { email: uniqueEmail(), password: 'short' } })).toBe(422)
    expect(await call('POST', '/register', { raw: '{"email":', headers: { 'content-type': 'application/json' } })).toBe(400)
    expect(await call('POST', '/register', { raw: 'hello', headers: { 'content-type': 'text/plain' } })).toBe(415)
    expect(await call('POST', '/register', { json: { email, password: 'x'.repeat(20_000) } })).toBe(413)
    expect(await call('POST', '/register', { raw: `email=${email}`, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' } })).toBe(403)
    expect(await call('TRACE', '/register')).toBe(405)
    expect(await call('POST', '/login', { json: { email, password: STRONG_PASSWORD } })).toBe(401)
    expect(await call('POST', '/resend-verification', { json: { email } })).toBe(200)
    const { token } = await t.mail(email, 'Verify your email address')
    expect(await call('GET', '/verify-email')).toBe(422)
    expect(await call('GET', '/verify-email?token=nope')).toBe(400)
    expect(await call('POST', '/verify-email', { json: { token: 'nope' } })).toBe(400)
    expect(await call('GET', `/verify-email?token=${token}`)).toBe(200)
    expect(await call('POST', '/verify-email', { json: { token } })).toBe(200)
    expect(await call('POST', '/login', { json: { email, password: 'wrong password, long enough' } })).toBe(401)
    const login = await t.json('POST', '/login', { email, password: STRONG_PASSWORD })
    await conforms('POST', '/login', Response.json(login.body, { status: login.status }))
    const bearer = { authorization: `Bearer ${login.body.access_token}` }
    expect(await call('GET', '/me', { headers: bearer })).toBe(200)
    expect(await call('GET', '/me')).toBe(401)
    expect(await call('GET', '/me', { headers: { accept: 'text/html' } })).toBe(303)
    expect(await call('POST', '/logout', { headers: bearer })).toBe(200)
    expect(await call('POST', '/logout', { headers: bearer })).toBe(401)
    expect(await call('POST', '/request-password-reset', { json: { email } })).toBe(200)
    expect(await call('POST', '/reset-password', { json: { token: 'nope', new_password: STRONG_PASSWORD } })).toBe(400)
    expect(await call('POST', '/reset-password', { json: { token: 'nope', new_password: STRONG_PASSWORD, confirm_new_password: 'something else entirely' } })).toBe(400)
    expect(await call('GET', '/healthz')).toBe(200)
    expect(await call('GET', '/readyz')).toBe(200)
  }, 20_000)

  test('pages: HTML-only routes and browsers on JSON routes', async () => {
    const html = { headers: { accept: 'text/html' } }
    for (const path of ['/', '/register', '/login', '/request-password-reset', '/reset-password?token=x', '/verify-email?token=x']) expect(await call('GET', path, html)).toBe(200)
    expect(await call('GET', '/account', html)).toBe(303)
    // Post/Redirect/Get: the documented Location, and the pages it leads to.
    const form = { 'content-type': 'application/x-www-form-urlencoded', origin: APP_URL }
    expect(await call('POST', '/register', { raw: `email=${uniqueEmail('prg')}&password=${encodeURIComponent(STRONG_PASSWORD)}`, headers: form })).toBe(303)
    for (const path of ['/resend-verification', '/request-password-reset']) expect(await call('POST', path, { raw: 'email=a%40b.co', headers: form })).toBe(303)
    for (const path of ['/register/check-inbox', '/verify-email/done', '/resend-verification/check-inbox', '/request-password-reset/check-inbox', '/reset-password/done', '/confirm-email-change/done']) expect(await call('GET', path, html)).toBe(200)
    // The mailed link asks first unless JSON is asked for by name.
    expect(await call('GET', '/verify-email?token=x', { headers: { accept: '*/*' } })).toBe(200)
  }, 20_000)

  test('429 with the documented headers', async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_PASSWORD_RESET: '1' } })
    try {
      const send = () => limited.request('/request-password-reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: uniqueEmail() }) }, '10.9.9.9')
      expect((await send()).status).toBe(200)
      const res = await send()
      expect(res.status).toBe(429)
      for (const h of ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']) expect(res.headers.get(h)).not.toBeNull()
      await conforms('POST', '/request-password-reset', res)
    } finally {
      await limited.close()
    }
  }, 20_000)
})

describe('the typed client (examples/client.ts)', () => {
  test('registers, verifies, logs in, reads /me and logs out', async () => {
    const api = createClient(APP_URL, ((input: RequestInfo | URL, init?: RequestInit) => t.request(String(input), init)) as typeof fetch)
    const email = uniqueEmail('client')
    const { userId, emailSent } = await register(api, email, STRONG_PASSWORD)
    expect(emailSent).toBe(true)
    await expect(register(api, email, STRONG_PASSWORD)).rejects.toMatchObject({ status: 400, message: 'Email already registered' })
    await expect(register(api, uniqueEmail(), 'short')).rejects.toMatchObject({ status: 422, message: expect.stringContaining('body.password: Password must be at least 15') })
    await expect(logIn(api, email, STRONG_PASSWORD)).rejects.toMatchObject({ status: 401, message: 'Please verify your email address' })
    const { token } = await t.mail(email, 'Verify your email address')
    expect(await verifyEmail(api, token!)).toBe('Email verified successfully')
    const session = await logIn(api, email, STRONG_PASSWORD)
    expect(session.userId).toBe(userId)
    expect(await whoAmI(api, session.accessToken)).toEqual({ id: userId, email, is_active: true, is_verified: true })
    await logOut(api, session.accessToken)
    const after = await whoAmI(api, session.accessToken).catch((e: unknown) => e)
    expect(after).toBeInstanceOf(ApiError)
    expect(after).toMatchObject({ status: 401, detail: 'Invalid authentication credentials' })
  }, 20_000)
})
