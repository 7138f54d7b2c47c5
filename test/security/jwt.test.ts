// Forged, altered and mis-addressed access tokens: every one is a 401 on GET /me.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { base64url, exportJWK, generateKeyPair, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose'
import { APP_URL, createTestApp, STRONG_PASSWORD, type TestApp } from '../support/app'

// Under load, starting the embedded database alone can take longer than bun's 5 s default.
setDefaultTimeout(60_000)

let t: TestApp
let victim: { userId: number; accessToken: string; cookie: string; email: string }
let claims: { sub: string; sid: string }
let key: Uint8Array<ArrayBuffer>
beforeAll(async () => {
  t = await createTestApp()
  victim = await t.signUp()
  claims = decode(victim.accessToken) as { sub: string; sid: string }
  // The app's own secret: only the one aspect under test is wrong in each forgery.
  key = new TextEncoder().encode(t.deps.config.jwtSecret)
})
afterAll(() => t.close())

const decode = (jwt: string) =>
  JSON.parse(new TextDecoder().decode(base64url.decode(jwt.split('.')[1]!))) as JWTPayload
const now = () => Math.floor(Date.now() / 1000)

/** A token exactly like the app's, with overrides; `undefined` removes a claim. */
function forge(
  options: {
    alg?: string
    key?: Uint8Array | CryptoKey
    header?: Record<string, unknown>
    payload?: Record<string, unknown>
  } = {},
) {
  const payload: Record<string, unknown> = {
    sid: claims.sid,
    sub: claims.sub,
    iss: APP_URL,
    aud: APP_URL,
    iat: now(),
    exp: now() + 1800,
    ...options.payload,
  }
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k]
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT', ...options.header } as never)
    .sign(options.key ?? key)
}

async function expectRefused(token: string) {
  const res = await t.json('GET', '/me', undefined, {
    headers: { authorization: `Bearer ${token}` },
  })
  expect({
    status: res.status,
    body: res.body,
    challenge: res.headers.get('www-authenticate'),
  }).toEqual({
    status: 401,
    body: { detail: 'Invalid authentication credentials' },
    challenge: 'Bearer',
  })
}

/** Re-encodes one part of a compact JWS from bytes. */
const part = (bytes: Uint8Array) => base64url.encode(bytes)
const json = (value: unknown) => part(new TextEncoder().encode(JSON.stringify(value)))

describe('GET /me refuses forged and altered access tokens', () => {
  test('control: a token built the same way with the right key is accepted', async () => {
    const res = await t.json('GET', '/me', undefined, {
      headers: { authorization: `Bearer ${await forge()}` },
    })
    expect(res.status).toBe(200)
    expect(res.body.id).toBe(victim.userId)
  })

  test('alg "none" (and its spellings), unsigned', async () => {
    await expectRefused(
      new UnsecuredJWT({ ...claims, iss: APP_URL, aud: APP_URL })
        .setIssuedAt()
        .setExpirationTime('30m')
        .encode(),
    )
    const [, payload] = victim.accessToken.split('.')
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      await expectRefused(`${json({ alg, typ: 'JWT' })}.${payload}.`)
      await expectRefused(
        `${json({ alg, typ: 'JWT' })}.${payload}.${victim.accessToken.split('.')[2]}`,
      )
    }
    // The app's header with the signature stripped.
    await expectRefused(`${victim.accessToken.split('.').slice(0, 2).join('.')}.`)
  })

  test("HS512, HS384 and other algorithms, even with the app's own secret", async () => {
    await expectRefused(await forge({ alg: 'HS512' }))
    await expectRefused(await forge({ alg: 'HS384' }))
    for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA'] as const) {
      const pair = await generateKeyPair(alg, { extractable: true })
      await expectRefused(await forge({ alg, key: pair.privateKey }))
    }
  })

  test('HS256 with the right claims, signed with another key', async () => {
    await expectRefused(
      await forge({
        key: new TextEncoder().encode('another-secret-another-secret-another-secret'),
      }),
    )
    await expectRefused(await forge({ key: crypto.getRandomValues(new Uint8Array(32)) }))
    await expectRefused(await forge({ key: new Uint8Array(32) }))
  })

  test('wrong iss or aud, missing exp, expired, not yet valid, missing sub or sid', async () => {
    const forgeries = [
      { iss: 'https://evil.example' },
      { iss: undefined },
      { aud: 'https://evil.example' },
      { aud: undefined },
      { aud: [APP_URL.replace('localhost', 'evil.example')] },
      { exp: undefined },
      { exp: now() - 1, iat: now() - 1801 },
      { exp: now() - 3600, iat: now() - 7200 },
      { nbf: now() + 3600 },
      { sub: undefined },
      { sid: undefined },
      { sid: 'not-a-session' },
      { sub: 'not-a-number' },
    ]
    for (const payload of forgeries) await expectRefused(await forge({ payload }))
  })

  test("jku, jwk, x5u and kid headers pointing at an attacker's key", async () => {
    const pair = await generateKeyPair('ES256', { extractable: true })
    const publicJwk = await exportJWK(pair.publicKey)
    await expectRefused(
      await forge({ alg: 'ES256', key: pair.privateKey, header: { jwk: publicJwk } }),
    )
    await expectRefused(
      await forge({
        alg: 'ES256',
        key: pair.privateKey,
        header: { jku: 'https://evil.example/jwks.json', kid: 'evil' },
      }),
    )
    await expectRefused(
      await forge({
        alg: 'ES256',
        key: pair.privateKey,
        header: { x5u: 'https://evil.example/cert.pem' },
      }),
    )
    const attackerSecret = crypto.getRandomValues(new Uint8Array(32))
    await expectRefused(
      await forge({
        key: attackerSecret,
        header: { jwk: { kty: 'oct', k: base64url.encode(attackerSecret) } },
      }),
    )
    await expectRefused(
      await forge({
        key: attackerSecret,
        header: { jku: 'https://evil.example/jwks.json', kid: '../../../dev/null' },
      }),
    )
    // An unknown critical extension must be refused, not ignored (jose will not sign one: MAC by hand).
    const hmac = async (header: object) => {
      const input = `${json(header)}.${victim.accessToken.split('.')[1]}`
      const mac = await crypto.subtle.sign(
        'HMAC',
        await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
          'sign',
        ]),
        new TextEncoder().encode(input),
      )
      return `${input}.${part(new Uint8Array(mac))}`
    }
    expect(
      (
        await t.json('GET', '/me', undefined, {
          headers: { authorization: `Bearer ${await hmac({ alg: 'HS256', typ: 'JWT' })}` },
        })
      ).status,
    ).toBe(200)
    await expectRefused(
      await hmac({ alg: 'HS256', typ: 'JWT', crit: ['exp-evil'], 'exp-evil': true }),
    )
  })

  test('flipped bytes anywhere: header, payload, signature', async () => {
    const [header, payload, signature] = victim.accessToken.split('.') as [string, string, string]
    const parts = [header, payload, signature].map((p) => base64url.decode(p))
    for (let which = 0; which < 3; which++) {
      const bytes = parts[which]!
      for (let i = 0; i < bytes.length; i++) {
        for (const bit of [0x01, 0x80]) {
          const flipped = Uint8Array.from(bytes)
          flipped[i]! ^= bit
          const rebuilt = parts.map((p, j) => part(j === which ? flipped : p)).join('.')
          await expectRefused(rebuilt)
        }
      }
    }
  }, 60_000)

  test('a valid signature does not bind another user to a session, nor revive a revoked one', async () => {
    const attacker = await t.signUp()
    const attackerSid = (decode(attacker.accessToken) as { sid: string }).sid
    // Someone holding the key could mint this; the session store still says whose session it is.
    await expectRefused(await forge({ payload: { sub: String(victim.userId), sid: attackerSid } }))
    await expectRefused(await forge({ payload: { sub: String(attacker.userId), sid: claims.sid } }))
    const second = await t.json('POST', '/login', {
      email: attacker.email,
      password: STRONG_PASSWORD,
    })
    expect(
      (
        await t.json('POST', '/logout', undefined, {
          headers: { authorization: `Bearer ${second.body.access_token}` },
        })
      ).status,
    ).toBe(200)
    await expectRefused(second.body.access_token)
    await expectRefused(
      await forge({
        payload: {
          sub: String(attacker.userId),
          sid: (decode(second.body.access_token) as { sid: string }).sid,
          iat: now() + 10,
        },
      }),
    )
  })

  test('not a JWT at all: the cookie secret, garbage, an empty bearer', async () => {
    await expectRefused(victim.cookie)
    await expectRefused('a.b.c')
    await expectRefused('eyJhbGciOiJIUzI1NiJ9')
    await expectRefused(`${victim.accessToken}.extra`)
    const res = await t.json('GET', '/me', undefined, { headers: { authorization: 'Bearer ' } })
    expect(res.status).toBe(401)
  })
})
