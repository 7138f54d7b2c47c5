// The contract's security headers, expected on every response (errors, 404s and redirects too).
import { expect } from 'bun:test'

export const CSP =
  "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
export const HSTS = 'max-age=31536000; includeSubDomains'
const NAMES = [
  'x-content-type-options',
  'x-frame-options',
  'content-security-policy',
  'cross-origin-opener-policy',
  'referrer-policy',
  'cache-control',
  'strict-transport-security',
]

/** One comparison of every header, so a failure shows them all. HSTS only when APP_URL is https. */
export function expectSecurityHeaders(headers: Headers, https = false) {
  expect(Object.fromEntries(NAMES.map((name) => [name, headers.get(name)]))).toEqual({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-security-policy': CSP,
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cache-control': 'no-store',
    'strict-transport-security': https ? HSTS : null,
  })
}
