import { describe, expect, test } from 'bun:test'
import { ConfigError, parseConfig } from '../../src/config'

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
})
