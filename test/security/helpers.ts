// Shared helpers of the security tests: contract rate limits, comparable answers, form bodies.
import { expect } from 'bun:test'
import { parseConfig, type RuleName } from '../../src/config'
import { APP_URL, type TestApp } from '../support/app'

const VARIABLES: Record<RuleName, string> = {
  global: 'RATE_LIMIT_GLOBAL',
  register: 'RATE_LIMIT_REGISTER',
  login: 'RATE_LIMIT_LOGIN',
  loginFailuresPerEmail: 'RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL',
  verifyEmail: 'RATE_LIMIT_VERIFY_EMAIL',
  passwordReset: 'RATE_LIMIT_PASSWORD_RESET',
  passwordResetPerEmail: 'RATE_LIMIT_PASSWORD_RESET_PER_EMAIL',
  resendVerification: 'RATE_LIMIT_RESEND_VERIFICATION',
  resendVerificationPerEmail: 'RATE_LIMIT_RESEND_VERIFICATION_PER_EMAIL',
  resetPassword: 'RATE_LIMIT_RESET_PASSWORD',
  confirmEmailChange: 'RATE_LIMIT_CONFIRM_EMAIL_CHANGE',
  codeFailuresPerEmail: 'RATE_LIMIT_CODE_FAILURES_PER_EMAIL',
}

/** The defaults of src/config.ts (the contract's), as env for createTestApp, which otherwise raises them all. */
export function contractLimits(...rules: RuleName[]): Record<string, string> {
  const defaults = parseConfig({ NODE_ENV: 'test' }).rateLimits
  return Object.fromEntries(
    rules.map((rule) => [
      VARIABLES[rule],
      `${defaults[rule].limit}/${defaults[rule].windowSeconds}s`,
    ]),
  )
}

/** A fresh simulated socket address, so one test's counters never touch another's. */
let ipCounter = 0
export function freshIp(): string {
  ipCounter++
  return `198.51.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`
}

/**
 * Everything a client can observe of an answer except the two headers that differ by nature;
 * `replace` masks what the client typed (in the body and in header values).
 */
export async function observable(
  res: Response,
  replace: [string, string][] = [],
): Promise<{ status: number; headers: [string, string][]; body: string }> {
  const mask = (text: string) => replace.reduce((t, [from, to]) => t.split(from).join(to), text)
  const body = mask(await res.text())
  const headers = [...res.headers.entries()]
    .filter(([name]) => name !== 'date' && name !== 'x-request-id')
    .map(([n, v]): [string, string] => [n, mask(v)])
  headers.sort(([a], [b]) => a.localeCompare(b))
  // Content-Length follows the body, which may hold the typed email (replaced above).
  return {
    status: res.status,
    headers: replace.length ? headers.filter(([n]) => n !== 'content-length') : headers,
    body,
  }
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
  body: JSON.stringify(body),
})

export const urlencoded = (
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
})

/** A multipart/form-data body, as a browser's form with enctype="multipart/form-data" sends it. */
export function multipart(
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): RequestInit {
  const boundary = `----GatehouseBoundary${crypto.randomUUID().replaceAll('-', '')}`
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  )
  return {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers },
    body: `${parts.join('')}--${boundary}--\r\n`,
  }
}

export const SAME_ORIGIN = { origin: new URL(APP_URL).origin }

/** The one-time notice cookie a form's 303 sets (signed; it holds the typed email), or undefined. */
export const flashCookie = (res: Response) => setCookieValue(res, 'flash')

/** The value of the session cookie a response sets ('' when it clears it), or undefined. */
export function setCookieValue(res: Response, name = 'session_id'): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const match = new RegExp(`^${name}=([^;]*)`).exec(line)
    if (match) return match[1]
  }
  return undefined
}

export async function expectUnauthenticated(t: TestApp, init: { headers: Record<string, string> }) {
  const me = await t.json('GET', '/me', undefined, init)
  expect(me.status).toBe(401)
  expect(me.body).toEqual({ detail: 'Invalid authentication credentials' })
}

export async function expectAuthenticated(
  t: TestApp,
  init: { headers: Record<string, string> },
  userId?: number,
) {
  const me = await t.json('GET', '/me', undefined, init)
  expect(me.status).toBe(200)
  if (userId !== undefined) expect(me.body.id).toBe(userId)
}

export const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })
export const cookie = (secret: string, name = 'session_id') => ({
  headers: { cookie: `${name}=${secret}` },
})

/** Mails the shared SMTP server received for an address so far. */
export const mailsTo = (t: TestApp, address: string) =>
  t.smtp.messages.filter((m) => m.envelope.to.includes(address) || m.to.includes(address))
