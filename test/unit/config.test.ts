import { describe, expect, test } from 'bun:test'
import { createJsonLog } from '../../src/adapters/json-log'
import { ConfigError, parseConfig } from '../../src/config'
import { configFor } from '../../src/runtime/workers/env'

const PRODUCTION = {
  NODE_ENV: 'production',
  APP_URL: 'https://auth.example.com',
  JWT_SECRET: 's'.repeat(48),
  DATABASE_URL: 'postgres://db.example.com/app',
  UPSTASH_REDIS_REST_URL: 'https://redis.example.com',
  UPSTASH_REDIS_REST_TOKEN: 'token',
  SMTP_HOST: 'smtp.example.com',
}

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('parseConfig', () => {
  test('embedded defaults in development, with warnings', () => {
    const config = parseConfig({})
    expect(config.env).toBe('development')
    expect(config.port).toBe(3000)
    expect(config.appUrl).toBe('http://localhost:3000')
    expect(config.database).toEqual({ kind: 'pglite', dir: '.data/pglite' })
    expect(config.redis).toBeNull()
    expect(config.smtp).toBeNull()
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32)
    expect(config.warnings.join('\n')).toMatch(/JWT_SECRET/)
    expect(config.rateLimits.login).toEqual({ name: 'login', limit: 10, windowSeconds: 60 })
    expect(config.rateLimits.loginFailuresPerEmail).toEqual({
      name: 'loginFailuresPerEmail',
      limit: 5,
      windowSeconds: 900,
    })
    expect(config.rateLimits.passwordResetPerEmail.windowSeconds).toBe(3600)
  })

  test('honours every variable it is given', () => {
    const config = parseConfig({
      ...PRODUCTION,
      PORT: '8080',
      APP_NAME: 'Acme',
      ACCESS_TOKEN_EXPIRE_MINUTES: '15',
      SESSION_TTL_SECONDS: '600',
      SESSION_MAX_LIFETIME_SECONDS: '86400',
      SMTP_PORT: '2525',
      SMTP_SECURE: 'true',
      SMTP_USERNAME: 'u',
      SMTP_PASSWORD: 'p',
      MAIL_FROM: 'hello@acme.test',
      MAIL_FROM_NAME: 'Acme Accounts',
      CORS_ORIGINS: 'https://a.test, https://b.test/',
      TRUST_PROXY: 'yes',
      PASSWORD_MIN_LENGTH: '12',
      RATE_LIMIT_LOGIN: '20/5m',
      RATE_LIMIT_REGISTER: '7',
      REDIS_TIMEOUT_MS: '250',
    })
    expect(config).toMatchObject({
      env: 'production',
      port: 8080,
      appName: 'Acme',
      appUrl: 'https://auth.example.com',
      https: true,
      accessTokenTtlSeconds: 900,
      sessionTtlSeconds: 600,
      sessionMaxLifetimeSeconds: 86400,
      database: { kind: 'postgres', url: PRODUCTION.DATABASE_URL },
      redis: {
        transport: 'rest',
        url: PRODUCTION.UPSTASH_REDIS_REST_URL,
        token: 'token',
        timeoutMs: 250,
        prefix: 'acme',
      },
      smtp: { host: 'smtp.example.com', port: 2525, secure: true, username: 'u', password: 'p' },
      mailFrom: 'hello@acme.test',
      mailFromName: 'Acme Accounts',
      corsOrigins: ['https://a.test', 'https://b.test'],
      trustProxy: true,
      passwordMinLength: 12,
    })
    expect(config.rateLimits.login).toEqual({ name: 'login', limit: 20, windowSeconds: 300 })
    expect(config.rateLimits.register).toEqual({ name: 'register', limit: 7, windowSeconds: 60 })
    expect(config.warnings).toEqual([])
  })

  test('names each bad variable', () => {
    const found = problems({
      PORT: 'eighty',
      JWT_SECRET: 'short',
      PASSWORD_MIN_LENGTH: '6',
      RATE_LIMIT_LOGIN: 'lots',
      APP_URL: 'ftp://x',
      SMTP_SECURE: 'maybe',
      SMTP_HOST: 'h',
    })
    for (const name of [
      'PORT',
      'JWT_SECRET',
      'PASSWORD_MIN_LENGTH',
      'RATE_LIMIT_LOGIN',
      'APP_URL',
      'SMTP_SECURE',
    ]) {
      expect(found.some((p) => p.startsWith(name))).toBe(true)
    }
  })

  test('production refuses embedded and in-memory fallbacks and a generated secret', () => {
    const found = problems({ NODE_ENV: 'production' })
    for (const name of [
      'DATABASE_URL',
      'UPSTASH_REDIS_REST_URL',
      'SMTP_HOST',
      'JWT_SECRET',
      'APP_URL',
    ]) {
      expect(found.some((p) => p.includes(name))).toBe(true)
    }
    expect(problems(PRODUCTION)).toEqual([])
  })

  describe('Redis', () => {
    const { UPSTASH_REDIS_REST_URL: _, UPSTASH_REDIS_REST_TOKEN: __, ...withoutRest } = PRODUCTION

    test('REDIS_URL selects RESP, with its password and database left in the URL for the client', () => {
      for (const url of [
        'redis://127.0.0.1:6379',
        'redis://:secret@redis.internal:6380/2',
        'redis://gatehouse:secret@redis.internal/0',
        'rediss://redis.example.com:6380',
      ]) {
        const config = parseConfig({ ...withoutRest, REDIS_URL: url, REDIS_TIMEOUT_MS: '300' })
        expect(config.redis).toEqual({
          transport: 'resp',
          url,
          timeoutMs: 300,
          prefix: 'gatehouse',
        })
      }
    })

    test('REDIS_URL satisfies production on its own', () => {
      expect(problems({ ...withoutRest, REDIS_URL: 'redis://redis.internal' })).toEqual([])
    })

    test('a REDIS_URL that is not redis:// or rediss://, or names no numeric database, is refused', () => {
      for (const url of [
        'http://redis.internal',
        'redis.internal:6379',
        'redis://redis.internal/db',
        'redis://',
      ]) {
        const found = problems({ ...withoutRest, REDIS_URL: url })
        expect({ url, found }).toEqual({ url, found: [expect.stringMatching(/^REDIS_URL /)] })
      }
    })

    test('REDIS_URL and UPSTASH_REDIS_REST_URL together are refused: which Redis is meant?', () => {
      expect(problems({ ...PRODUCTION, REDIS_URL: 'redis://redis.internal' })).toEqual([
        'REDIS_URL and UPSTASH_REDIS_REST_URL name two Redis servers: set one of them',
      ])
    })
  })

  describe('webhooks', () => {
    const key = (bytes: number) => `whsec_${btoa('k'.repeat(bytes))}`

    test('neither variable: no webhooks', () => {
      expect(parseConfig({}).webhook).toBeNull()
    })

    test('both: the URL, the secret and the attempt timeout (5 s unless told)', () => {
      const env = { WEBHOOK_URL: 'https://product.example/hooks', WEBHOOK_SECRET: key(32) }
      expect(parseConfig(env).webhook).toEqual({
        url: env.WEBHOOK_URL,
        secret: env.WEBHOOK_SECRET,
        timeoutMs: 5000,
      })
      expect(parseConfig({ ...env, WEBHOOK_TIMEOUT_MS: '1500' }).webhook).toEqual({
        url: env.WEBHOOK_URL,
        secret: env.WEBHOOK_SECRET,
        timeoutMs: 1500,
      })
      expect(parseConfig(env).warnings.join('\n')).not.toMatch(/WEBHOOK/)
    })

    test('one without the other is refused', () => {
      expect(problems({ WEBHOOK_URL: 'https://product.example/hooks' })).toEqual([
        'WEBHOOK_URL and WEBHOOK_SECRET must be set together',
      ])
      expect(problems({ WEBHOOK_SECRET: key(32) })).toEqual([
        'WEBHOOK_URL and WEBHOOK_SECRET must be set together',
      ])
    })

    test('the secret must be whsec_<base64> of 24 to 64 bytes, and is never echoed', () => {
      const url = 'https://product.example/hooks'
      for (const secret of [
        btoa('k'.repeat(32)),
        'whsec_',
        'whsec_not base64!',
        'whsec_abc',
        `whsec_${'A'.repeat(43)}`,
      ]) {
        const found = problems({ WEBHOOK_URL: url, WEBHOOK_SECRET: secret })
        expect(found).toEqual([
          'WEBHOOK_SECRET must look like whsec_<base64> (the Standard Webhooks format)',
        ])
      }
      expect(problems({ WEBHOOK_URL: url, WEBHOOK_SECRET: key(16) })).toEqual([
        'WEBHOOK_SECRET must hold 24 to 64 bytes after whsec_ (it holds 16)',
      ])
      expect(problems({ WEBHOOK_URL: url, WEBHOOK_SECRET: key(65) })[0]).toContain('it holds 65')
      for (const bytes of [24, 64]) {
        expect(problems({ WEBHOOK_URL: url, WEBHOOK_SECRET: key(bytes) })).toEqual([])
      }
      const secret = `whsec_${'A'.repeat(31)}`
      expect(problems({ WEBHOOK_URL: url, WEBHOOK_SECRET: secret }).join()).not.toContain('AAAA')
    })

    test('the URL must be http(s); plain http to another host is a warning', () => {
      const secret = key(32)
      expect(problems({ WEBHOOK_URL: 'ftp://product.example', WEBHOOK_SECRET: secret })).toEqual([
        'WEBHOOK_URL must be an http(s) URL',
      ])
      const plain = parseConfig({
        WEBHOOK_URL: 'http://product:8080/hooks',
        WEBHOOK_SECRET: secret,
      })
      expect(plain.warnings.join('\n')).toMatch(/WEBHOOK_URL is plain http/)
      for (const host of ['127.0.0.1:9000', 'localhost', '[::1]:9000']) {
        const local = parseConfig({ WEBHOOK_URL: `http://${host}/hooks`, WEBHOOK_SECRET: secret })
        expect(local.warnings.join('\n')).not.toMatch(/WEBHOOK_URL/)
      }
      expect(
        problems({
          WEBHOOK_URL: 'https://p.example',
          WEBHOOK_SECRET: secret,
          WEBHOOK_TIMEOUT_MS: '10',
        })[0],
      ).toMatch(/^WEBHOOK_TIMEOUT_MS/)
    })
  })
})

describe('RETURN_ORIGINS', () => {
  test('comma-separated origins, normalized; empty by default', () => {
    expect(parseConfig({}).returnOrigins).toEqual([])
    expect(
      parseConfig({ RETURN_ORIGINS: ' https://App.Example.com/ , http://localhost:8080,' })
        .returnOrigins,
    ).toEqual(['https://app.example.com', 'http://localhost:8080'])
  })

  test('anything but a bare http(s) origin is a start-up problem', () => {
    for (const entry of [
      'app.example.com',
      'ftp://x.test',
      'https://x.test/path',
      'https://u@x.test',
      'https://x.test?q',
    ])
      expect(problems({ RETURN_ORIGINS: entry })).toEqual([
        `RETURN_ORIGINS entry "${entry}" must be an origin like https://app.example.com`,
      ])
  })
})

describe('Workers configuration', () => {
  test('REDIS_URL is refused on Workers: a Worker reaches Redis over HTTP only', () => {
    const log = createJsonLog(() => {})
    const { UPSTASH_REDIS_REST_URL: _, UPSTASH_REDIS_REST_TOKEN: __, ...env } = PRODUCTION
    expect(() => configFor({ ...env, REDIS_URL: 'redis://redis.internal' } as never, log)).toThrow(
      /REDIS_URL is for Bun and Deno/,
    )
    expect(configFor({ ...PRODUCTION } as never, log).redis?.transport).toBe('rest')
  })
})
