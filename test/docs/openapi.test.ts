import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Validator } from '@seriousme/openapi-schema-validator'
import * as v from 'valibot'
import { checkPasswordPolicy } from '../../src/auth/password-policy'
import { ERRORS, type ErrorCode } from '../../src/errors'
import * as inputs from '../../src/http/inputs'
import { EXAMPLE_EMAIL, EXAMPLE_PASSWORD, type Operation, operations } from '../../src/http/openapi/operations'
import { createTestApp, type TestApp } from '../support/app'

type Doc = { paths: Record<string, Record<string, any>>; components: Record<string, Record<string, any>>; [key: string]: any }

/** Routes that are not part of the API: assets, the docs themselves, development tools. */
const INTERNAL = /^\/(assets\/|docs|openapi\.json$|dev\/)/
const CONTRACT_ROUTES = [
  'GET /', 'GET /register', 'POST /register', 'GET /verify-email', 'POST /verify-email', 'POST /resend-verification',
  'GET /login', 'POST /login', 'GET /me', 'GET /account', 'POST /logout', 'GET /request-password-reset',
  'POST /request-password-reset', 'GET /reset-password', 'POST /reset-password', 'GET /healthz', 'GET /readyz',
  // The footer's language switch (section "Languages").
  'POST /language',
  // Forward auth (section "Protecting your own product").
  'GET /authz',
  // Where the successful form posts go (Post/Redirect/Get).
  'GET /register/check-inbox', 'GET /verify-email/done', 'GET /resend-verification/check-inbox',
  'GET /request-password-reset/check-inbox', 'GET /reset-password/done',
  // Account self-service.
  'GET /account/password', 'POST /account/password', 'GET /account/email', 'POST /account/email',
  'GET /confirm-email-change', 'POST /confirm-email-change', 'GET /confirm-email-change/done',
  'GET /account/sessions',
  'POST /account/sessions/revoke', 'POST /account/sessions/revoke-others', 'GET /account/delete',
  'POST /account/delete',
]
const OPS = Object.values(operations) as Operation[]

let t: TestApp
let doc: Doc
beforeAll(async () => {
  t = await createTestApp()
  const res = await t.json('GET', '/openapi.json')
  expect(res.status).toBe(200)
  doc = res.body
}, 30_000)
afterAll(() => t.close())

const documented = () => Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
const operation = (method: string, path: string) => doc.paths[path]![method.toLowerCase()]
/** Follows a local `$ref` (`#/components/...`). */
const deref = (node: any): any => (node?.$ref ? deref((node.$ref as string).slice(2).split('/').reduce((o: any, k) => o?.[k], doc)) : node)

describe('GET /openapi.json', () => {
  test('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator()
    const result = await validator.validate(structuredClone(doc))
    expect(result.errors).toBeUndefined()
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
    expect(doc.openapi).toMatch(/^3\.1\./)
   }, 20_000)

  test('every local $ref resolves', () => {
    const refs: string[] = []
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk)
      else if (node && typeof node === 'object') for (const [k, val] of Object.entries(node)) k === '$ref' ? refs.push(val as string) : walk(val)
    }
    walk(doc)
    expect(refs.length).toBeGreaterThan(50)
    for (const ref of refs) expect({ ref, found: deref({ $ref: ref }) !== undefined }).toEqual({ ref, found: true })
  })

  test('documents every route the app registers, and only those', () => {
    const registered = new Set(t.app.routes.filter((r) => r.method !== 'ALL' && !INTERNAL.test(r.path)).map((r) => `${r.method} ${r.path}`))
    expect(documented().sort()).toEqual([...registered].sort())
    expect(documented().sort()).toEqual([...CONTRACT_ROUTES].sort())
  })

  test('answers JSON, and the same document on every request', async () => {
    const res = await t.request('/openapi.json', { headers: { accept: 'text/html' } })
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(await res.json()).toEqual(doc)
  })
})

describe('request bodies', () => {
  test('come from the valibot schemas of src/http/inputs.ts', () => {
    const schemas = doc.components.schemas!
    for (const name of ['RegisterInput', 'LoginInput', 'EmailInput', 'TokenInput', 'ResetPasswordInput'] as const) {
      const schema = inputs[name]
      expect(Object.keys(schemas[name].properties).sort()).toEqual(Object.keys(schema.entries).sort())
      expect(schemas[name].required.sort()).toEqual(Object.entries(schema.entries).filter(([, s]) => s.type !== 'optional').map(([k]) => k).sort())
    }
    expect(schemas.RegisterInput.properties.email).toMatchObject({ type: 'string', format: 'email', maxLength: 254 })
    expect(schemas.ResetPasswordInput.required).not.toContain('confirm_new_password')
  })

  test('document the password policy of the configuration', async () => {
    expect(doc.components.schemas!.RegisterInput.properties.password).toMatchObject({ minLength: 15, maxLength: 256 })
    const other = await createTestApp({ env: { PASSWORD_MIN_LENGTH: '12', APP_URL: 'https://auth.example.com' } })
    try {
      const d = (await other.json('GET', '/openapi.json')).body as Doc
      expect(d.components.schemas!.ResetPasswordInput.properties.new_password.minLength).toBe(12)
      expect(d.servers).toEqual([{ url: 'https://auth.example.com', description: 'APP_URL' }])
      expect(d.components.securitySchemes!.sessionCookie.name).toBe('__Host-session_id')
    } finally {
      await other.close()
    }
   }, 20_000)

  test('every POST of the JSON API takes JSON, and forms where a page answers', () => {
    for (const op of OPS.filter((o) => o.body)) {
      const content = operation(op.method, op.path).requestBody.content
      expect(content['application/json'].schema.$ref).toStartWith('#/components/schemas/')
      expect(content['application/x-www-form-urlencoded'] !== undefined).toBe(op.page !== undefined)
    }
  })

  test('examples pass the schemas that validate requests; the example password passes the policy', () => {
    for (const op of OPS) {
      if (op.body) expect(v.safeParse(op.body, op.bodyExample).success).toBe(true)
      if (op.query) expect(v.safeParse(op.query, op.queryExample).success).toBe(true)
    }
    expect(EXAMPLE_PASSWORD.length).toBeGreaterThanOrEqual(15)
    expect(checkPasswordPolicy(EXAMPLE_PASSWORD, { minLength: 15, appName: 'Gatehouse', email: EXAMPLE_EMAIL })).toBeNull()
  })

  test('curl examples as in the seed service, for this server', () => {
    expect(operation('POST', '/register').description).toContain(
      `curl -X POST http://localhost:3000/register \\\n  -H 'Content-Type: application/json' \\\n  -d '{"email":"user@example.com","password":"${EXAMPLE_PASSWORD}"}'`,
    )
    expect(operation('POST', '/login').description).toContain(`curl -X POST http://localhost:3000/login`)
    expect(operation('POST', '/request-password-reset').description).toContain(`-d '{"email":"user@example.com"}'`)
    expect(operation('GET', '/me').description).toContain(`-H 'Authorization: Bearer <access_token>'`)
    expect(operation('GET', '/verify-email').description).toContain(`curl 'http://localhost:3000/verify-email?token=`)
  })
})

describe('responses', () => {
  test('every error status of the contract is documented, with the {"detail": ...} shape', () => {
    const statuses = new Set<number>()
    for (const item of Object.values(doc.paths)) for (const op of Object.values(item)) for (const s of Object.keys(op.responses)) statuses.add(Number(s))
    // 404 (unknown path) belongs to no route: it is a shared response, in the overview's table too.
    const codeOf = Object.fromEntries((Object.keys(ERRORS) as ErrorCode[]).map((code) => [pascal(code), code]))
    for (const name of Object.keys(doc.components.responses!)) statuses.add(ERRORS[codeOf[name]!][0])
    expect(doc.info.description).toContain('| 404 | `Not Found` |')
    for (const status of [400, 401, 403, 404, 405, 413, 415, 422, 429, 500, 503]) expect(statuses).toContain(status)
    expect(doc.components.schemas!.ErrorResponse).toEqual({ type: 'object', properties: { detail: { type: 'string' } }, required: ['detail'] })
    const item = doc.components.schemas!.ValidationErrorResponse.properties.detail.items
    expect(Object.keys(item.properties).sort()).toEqual(['loc', 'msg', 'type'])
    expect(doc.components.schemas!.InternalErrorResponse.required).toEqual(['detail', 'request_id'])
  })

  test('each route lists the errors it can answer, with every message as an example', () => {
    const bodyErrors = [400, 403, 405, 413, 415, 422, 429, 500, 503]
    for (const path of ['/register', '/verify-email', '/resend-verification', '/login', '/request-password-reset', '/reset-password']) {
      expect(Object.keys(operation('POST', path).responses).map(Number)).toEqual(expect.arrayContaining(bodyErrors))
    }
    expect(Object.keys(operation('POST', '/login').responses).map(Number)).toContain(401)
    expect(Object.keys(operation('GET', '/me').responses).map(Number)).toEqual(expect.arrayContaining([200, 303, 401, 429, 500, 503]))
    expect(Object.keys(operation('POST', '/logout').responses).map(Number)).toEqual(expect.arrayContaining([200, 303, 401, 403]))
    const loginErrors = deref(operation('POST', '/login').responses[401]).content['application/json'].examples
    expect(Object.values(loginErrors).map((e: any) => e.value.detail).sort()).toEqual(['Account is deactivated', 'Incorrect email or password', 'Please verify your email address'])
    const resetErrors = deref(operation('POST', '/reset-password').responses[400]).content['application/json'].examples
    expect(Object.values(resetErrors).map((e: any) => e.value.detail)).toEqual(expect.arrayContaining(['Invalid or expired reset token', 'Passwords do not match', 'Malformed JSON body']))
    expect(deref(operation('GET', '/verify-email').responses[422]).content['application/json'].examples.VALIDATION_FAILED.value.detail[0].loc).toEqual(['query', 'token'])
    expect(Object.keys(operation('GET', '/readyz').responses)).toEqual(['200', '405', '503'])
    expect(operation('GET', '/readyz').responses[503].content['application/json'].schema.$ref).toBe('#/components/schemas/ReadyResponse')
  })

  test('limits and failures name their headers', () => {
    expect(Object.keys(deref(doc.components.responses!.RateLimited).headers)).toEqual(['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'])
    expect(Object.keys(deref(doc.components.responses!.Unavailable).headers)).toEqual(['Retry-After'])
    expect(Object.keys(deref(doc.components.responses!.Unauthenticated).headers)).toEqual(['WWW-Authenticate'])
    expect(Object.keys(deref(doc.components.responses!.MethodNotAllowed).headers)).toEqual(['Allow'])
  })

  test('every JSON example passes its schema', () => {
    const schemas = doc.components.schemas!
    for (const op of OPS) {
      for (const answer of op.json ?? []) expect(v.safeParse(answer.schema, answer.example).success).toBe(true)
    }
    // Error examples: checked against the documented JSON Schema's shape.
    for (const response of Object.values(doc.components.responses!)) {
      const media = response.content['application/json']
      const required = schemas[media.schema.$ref.split('/').at(-1)].required
      for (const example of Object.values(media.examples) as any[]) expect(Object.keys(example.value).sort()).toEqual([...required].sort())
    }
  })

  test('HTML-only routes are documented as pages', () => {
    const pages = ['/register', '/login', '/account/password', '/account/email', '/account/delete', '/request-password-reset', '/reset-password', '/register/check-inbox', '/verify-email/done', '/resend-verification/check-inbox', '/request-password-reset/check-inbox', '/reset-password/done', '/confirm-email-change/done']
    for (const [method, path] of pages.map((p) => ['GET', p] as const)) {
      const op = operation(method, path)
      expect(op.summary).toContain('(HTML)')
      expect(Object.keys(op.responses[200].content)).toEqual(['text/html'])
    }
    // Post/Redirect/Get: the JSON answers keep their status, every successful form post is a 303.
    expect(Object.keys(operation('POST', '/register').responses[201].content)).toEqual(['application/json'])
    for (const path of ['/register', '/verify-email', '/resend-verification', '/login', '/request-password-reset', '/reset-password'])
      expect({ path, location: operation('POST', path).responses[303]?.headers.Location !== undefined }).toEqual({ path, location: true })
  })
})

describe('security', () => {
  test('bearer JWT and the session cookie', () => {
    expect(doc.components.securitySchemes).toMatchObject({
      bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      sessionCookie: { type: 'apiKey', in: 'cookie', name: 'session_id' },
    })
    expect(operation('GET', '/me').security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }])
    expect(operation('POST', '/logout').security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }])
    expect(operation('POST', '/register').security).toBeUndefined()
  })
})

const pascal = (code: string) => code.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())
