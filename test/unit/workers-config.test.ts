// The Workers configuration: production unless the Worker's vars say otherwise (`wrangler deploy` ships them).
import { describe, expect, test } from 'bun:test'
import { ConfigError } from '../../src/config'
import { configFor } from '../../src/runtime/workers/env'
import type { WorkerEnv } from '../../src/runtime/workers/types'
import wrangler from '../../wrangler.toml'

const silent = { info() {}, warn() {}, error() {} }
const env = (vars: Record<string, string>) => ({ ...vars }) as unknown as WorkerEnv
const DATABASE_URL = 'postgres://postgres@127.0.0.1:1/none'

describe('configFor on Workers', () => {
  test.each([
    ['unset', {}],
    ['empty', { NODE_ENV: '' }],
  ])('NODE_ENV %s means production: without its settings the Worker refuses to run', (_n, vars) => {
    let error: unknown
    try {
      configFor(env({ DATABASE_URL, ...vars }), silent)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems).toContain(
      'production requires JWT_SECRET (a generated secret changes at every start)',
    )
  })

  test('NODE_ENV=development is development', () => {
    expect(configFor(env({ DATABASE_URL, NODE_ENV: 'development' }), silent).env).toBe(
      'development',
    )
  })
})

describe('wrangler.toml', () => {
  test('its top-level vars (a plain `wrangler deploy`) say production; [env.dev] says development', () => {
    const file = wrangler as unknown as {
      vars: Record<string, string>
      env: Record<string, { vars: Record<string, string> }>
    }
    expect(file.vars.NODE_ENV).toBe('production')
    expect(file.vars.APP_URL).toBeUndefined() // production refuses to run until it is set
    expect(file.env.dev?.vars.NODE_ENV).toBe('development')
  })

  test('npm run dev:workers runs the dev environment', async () => {
    const pkg = await Bun.file(new URL('../../package.json', import.meta.url)).json()
    expect(pkg.scripts['dev:workers']).toBe('wrangler dev --env dev')
  })
})
