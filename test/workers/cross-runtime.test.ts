// One database, one Redis, two runtimes: users, passwords and sessions made on Bun work on workerd, and the other way round.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createJsonLog } from '../../src/adapters/json-log'
import { createApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { type BunDeps, createBunDeps } from '../../src/runtime/bun/deps'
import {
  createClient,
  type HttpClient,
  STRONG_PASSWORD,
  type Stack,
  startStack,
  uniqueEmail,
} from './support/stack'

// Non-ASCII on purpose: the wasm and native hashers must agree on the UTF-8 bytes.
const UNICODE_PASSWORD = 'pässwörd über 🐴🔋 lang genug'
const NEW_PASSWORD = 'a brand new passphrase 2026'

describe.skipIf(!process.env.TEST_WORKERS)('Bun and workerd on one database', () => {
  let stack: Stack
  let deps: BunDeps
  let onWorkers: HttpClient
  let onBun: HttpClient
  beforeAll(async () => {
    stack = await startStack()
    // The Bun app is built from the very variables the Worker got, as a second deployment would be.
    deps = await createBunDeps(parseConfig(stack.env), {
      migrate: false,
      log: createJsonLog(() => {}),
    })
    const app = createApp(() => deps)
    const server = { requestIP: () => ({ address: '10.2.0.1', family: 'IPv4', port: 40000 }) }
    onWorkers = stack.client()
    // The same client helpers, with requests handed to the Bun app in-process instead of over HTTP.
    onBun = createClient(
      (path, init) => Promise.resolve(app.request(path, init, { server })),
      stack.smtp,
    )
  }, 120_000)
  afterAll(async () => {
    await deps?.close()
    await stack?.stop()
  }, 30_000)

  describe('accounts', () => {
    test('registered and verified on Bun, logs in on workerd', async () => {
      const email = uniqueEmail('bun')
      const registered = await onBun.json('POST', '/register', {
        email,
        password: UNICODE_PASSWORD,
      })
      expect(registered.status).toBe(201)
      const { token } = await onBun.mail(email, 'Verify your email address')
      expect((await onBun.json('POST', '/verify-email', { token })).status).toBe(200)

      expect(
        (await onWorkers.json('POST', '/login', { email, password: 'not the right password' }))
          .status,
      ).toBe(401)
      const login = await onWorkers.json('POST', '/login', { email, password: UNICODE_PASSWORD })
      expect(login).toMatchObject({
        status: 200,
        body: { user: { id: registered.body.user_id, email, is_verified: true } },
      })
    })

    test('registered and verified on workerd, logs in on Bun', async () => {
      const email = uniqueEmail('workerd')
      const registered = await onWorkers.json('POST', '/register', {
        email,
        password: UNICODE_PASSWORD,
      })
      expect(registered.status).toBe(201)
      const { token } = await onWorkers.mail(email, 'Verify your email address')
      expect((await onWorkers.json('POST', '/verify-email', { token })).status).toBe(200)

      expect(
        (await onBun.json('POST', '/login', { email, password: 'not the right password' })).status,
      ).toBe(401)
      const login = await onBun.json('POST', '/login', { email, password: UNICODE_PASSWORD })
      expect(login).toMatchObject({
        status: 200,
        body: { user: { id: registered.body.user_id, email, is_verified: true } },
      })
    })

    test('a password reset on workerd holds on Bun', async () => {
      const { email } = await onBun.signUp(uniqueEmail('reset'), STRONG_PASSWORD)
      expect((await onWorkers.json('POST', '/request-password-reset', { email })).status).toBe(200)
      const { token } = await onWorkers.mail(email, 'Reset your password')
      expect(
        (await onWorkers.json('POST', '/reset-password', { token, new_password: NEW_PASSWORD }))
          .status,
      ).toBe(200)
      expect(
        (await onBun.json('POST', '/login', { email, password: STRONG_PASSWORD })).status,
      ).toBe(401)
      expect((await onBun.json('POST', '/login', { email, password: NEW_PASSWORD })).status).toBe(
        200,
      )
    })
  })

  // Sessions are shared through Redis; without it each runtime keeps its own in memory.
  describe.skipIf(!process.env.TEST_REDIS_URL)('sessions', () => {
    test('a token or cookie from one runtime is accepted by the other, and a logout on either ends it', async () => {
      const fromBun = await onBun.signUp(uniqueEmail('session'))
      const me = { id: fromBun.userId, email: fromBun.email, is_active: true, is_verified: true }
      expect(
        await onWorkers.json('GET', '/me', undefined, {
          authorization: `Bearer ${fromBun.accessToken}`,
        }),
      ).toMatchObject({ status: 200, body: me })
      expect(
        await onWorkers.json('GET', '/me', undefined, { cookie: `session_id=${fromBun.cookie}` }),
      ).toMatchObject({ status: 200, body: me })

      const fromWorkers = (
        await onWorkers.json('POST', '/login', { email: fromBun.email, password: STRONG_PASSWORD })
      ).body.access_token
      expect(
        await onBun.json('GET', '/me', undefined, { authorization: `Bearer ${fromWorkers}` }),
      ).toMatchObject({ status: 200, body: me })
      expect(
        (await onBun.json('POST', '/logout', undefined, { authorization: `Bearer ${fromWorkers}` }))
          .status,
      ).toBe(200)
      expect(
        (await onWorkers.json('GET', '/me', undefined, { authorization: `Bearer ${fromWorkers}` }))
          .status,
      ).toBe(401)
    })
  })
})
