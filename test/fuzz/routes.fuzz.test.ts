// Property-based fuzzing of every JSON and form route: never a 5xx, always the contract's error shape.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import fc from 'fast-check'
import { APP_URL, createTestApp, type TestApp } from '../support/app'

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000)
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 64 }),
  fc.constantFrom(
    '',
    '\u0000',
    'a@b.co\r\nBcc: x@evil.test',
    'ß'.repeat(300),
    '\uD800',
    '🔑'.repeat(100),
    'A'.repeat(43),
    '<script>',
    "' or 1=1 --",
  ),
  fc.string({ maxLength: 20 }).map((s) => `${s}@example.com`),
  fc.constant('x'.repeat(5000)),
)
const anyValue = fc.oneof(
  oddString,
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
)
const deep = fc.integer({ min: 50, max: 3000 }).map((n) => '['.repeat(n) + ']'.repeat(n))
const FIELDS = ['email', 'password', 'token', 'new_password', 'confirm_new_password']
const shapedBody = fc
  .dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 })), anyValue, {
    maxKeys: 6,
  })
  .map((o) => JSON.stringify(o))
const duplicateKeys = fc
  .tuple(fc.constantFrom(...FIELDS), anyValue, anyValue)
  .map(([k, a, b]) => `{"${k}":${JSON.stringify(a)},"${k}":${JSON.stringify(b)}}`)
const rawBody = fc.oneof(
  shapedBody,
  duplicateKeys,
  fc.jsonValue().map((v) => JSON.stringify(v)),
  deep,
  fc.string({ unit: 'binary', maxLength: 200 }),
)

function expectContractError(status: number, body: unknown) {
  expect(status).toBeLessThan(500)
  if (status >= 400) {
    expect(body).toBeObject()
    const detail = (body as { detail: unknown }).detail
    if (status === 422) {
      expect(Array.isArray(detail)).toBe(true)
      for (const issue of detail as { loc: unknown; msg: unknown; type: unknown }[]) {
        expect(Array.isArray(issue.loc)).toBe(true)
        expect(typeof issue.msg).toBe('string')
        expect(typeof issue.type).toBe('string')
      }
    } else {
      expect(typeof detail).toBe('string')
    }
  }
}

const JSON_POSTS = [
  '/register',
  '/login',
  '/verify-email',
  '/resend-verification',
  '/request-password-reset',
  '/reset-password',
  '/logout',
]

describe('JSON routes under arbitrary bodies', () => {
  for (const path of JSON_POSTS) {
    test(`POST ${path}: ${RUNS} cases, never a 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(rawBody, async (body) => {
          const res = await t.json('POST', path, body)
          expectContractError(res.status, res.body)
        }),
        { numRuns: RUNS },
      )
    })
  }

  test(`GET /verify-email and GET /me with arbitrary query and credentials: ${RUNS} cases`, async () => {
    await fc.assert(
      fc.asyncProperty(oddString, oddString, async (token, credential) => {
        const query = await t.json(
          'GET',
          `/verify-email?token=${encodeURIComponent(token.toWellFormed())}`,
        )
        expectContractError(query.status, query.body)
        const safeHeader = credential.replace(/[^\x20-\x7e]/g, '')
        const me = await t.json('GET', '/me', undefined, {
          headers: {
            authorization: `Bearer ${safeHeader}`,
            cookie: `session_id=${encodeURIComponent(credential.toWellFormed())}`,
          },
        })
        expect(me.status).toBe(401)
      }),
      { numRuns: RUNS },
    )
  })
})

describe('form routes under arbitrary fields', () => {
  const fields = fc.dictionary(
    fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 })),
    oddString,
    { maxKeys: 6 },
  )
  for (const path of JSON_POSTS) {
    test(`POST ${path} as a form: ${Math.ceil(RUNS / 4)} cases, never a 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(fields, fc.boolean(), async (values, multipart) => {
          const body = multipart ? toMultipart(values) : new URLSearchParams(values)
          const res = await t.request(path, { method: 'POST', headers: { origin: APP_URL }, body })
          expect(res.status).toBeLessThan(500)
          expect(res.headers.get('content-type') ?? '').toMatch(/text\/html|^$/)
          await res.arrayBuffer()
        }),
        { numRuns: Math.ceil(RUNS / 4) },
      )
    })
  }
})

function toMultipart(values: Record<string, string>): FormData {
  const form = new FormData()
  for (const [k, v] of Object.entries(values)) form.append(k, v)
  return form
}
