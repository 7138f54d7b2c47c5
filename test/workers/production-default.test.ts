// On workerd: wrangler.toml's own vars (what `wrangler deploy` ships) mean production; `--env dev` is development.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startWorker, type TestWorker } from './support/worker'

// Nothing listens on port 1: no test here needs the database.
const VARS = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }

describe.skipIf(!process.env.TEST_WORKERS)('wrangler.toml without --env: production', () => {
  let worker: TestWorker
  beforeAll(async () => {
    // No NODE_ENV among the vars given: the file's [vars] decide.
    worker = await startWorker(VARS, { ready: (r) => r.status === 500 })
  }, 120_000)
  afterAll(() => worker?.stop(), 30_000)

  test('refuses to serve on development fallbacks, and the log says what production requires', async () => {
    const res = await fetch(`${worker.url}/dev/mailbox`)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ detail: 'Internal server error' })
    // wrangler relays the Worker's log lines a moment later.
    const find = () => worker.output.find((l) => l.includes('"event":"config_invalid"'))
    for (let i = 0; i < 50 && !find(); i++) await Bun.sleep(100)
    const line = find()
    expect(line).toContain('production requires JWT_SECRET')
    expect(line).toContain('production requires SMTP_HOST')
    expect(line).toContain('production requires APP_URL')
  })
})

describe.skipIf(!process.env.TEST_WORKERS)('wrangler.toml --env dev: development', () => {
  let worker: TestWorker
  beforeAll(async () => {
    worker = await startWorker(VARS, { args: ['--env', 'dev'] })
  }, 120_000)
  afterAll(() => worker?.stop(), 30_000)

  test('serves, with the dev mailbox for a client on this machine only', async () => {
    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200)
    // wrangler dev sets CF-Connecting-IP to the socket's peer when the client sent none.
    const local = await fetch(`${worker.url}/dev/mailbox`, {
      headers: { accept: 'application/json' },
    })
    expect(local.status).toBe(200)
    expect(await local.json()).toEqual({ mails: [] })
    const remote = await fetch(`${worker.url}/dev/mailbox`, {
      headers: { accept: 'application/json', 'cf-connecting-ip': '203.0.113.9' },
    })
    expect(remote.status).toBe(404)
  })
})
