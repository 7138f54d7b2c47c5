// Postgres goes away mid-run and comes back: 503 with Retry-After meanwhile, normal service after,
// no restart. The outage is a TCP proxy in front of the real server that this test stops and starts.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import net from 'node:net'
import { createJsonLog } from '../../src/adapters/json-log'
import { createApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { type BunDeps, createBunDeps } from '../../src/runtime/bun/deps'
import { STRONG_PASSWORD, uniqueEmail } from '../support/app'
import { type FreshDatabase, freshDatabase } from '../support/postgres'

const adminUrl = process.env.TEST_DATABASE_URL

function startProxy(target: { host: string; port: number }, port = 0) {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('error', () => {}).once('close', () => sockets.delete(s))
    }
    client.pipe(upstream).pipe(client)
  })
  return new Promise<{ port: number; stop(): Promise<void> }>((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        stop: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.close(() => done())
          }),
      }),
    ),
  )
}

describe.skipIf(!adminUrl)('Postgres stopped mid-run', () => {
  let deps: BunDeps
  let proxy: Awaited<ReturnType<typeof startProxy>>
  let target: { host: string; port: number }
  let app: ReturnType<typeof createApp>
  let database: FreshDatabase

  beforeAll(async () => {
    const url = new URL(adminUrl!)
    target = { host: url.hostname, port: Number(url.port || 5432) }
    proxy = await startProxy(target)
    url.port = String(proxy.port)
    database = await freshDatabase(adminUrl!, 'gatehouse_outage_')
    url.pathname = new URL(database.url).pathname
    const config = parseConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url.toString(),
      JWT_SECRET: 'x'.repeat(40),
      RATE_LIMIT_GLOBAL: '100000',
      RATE_LIMIT_REGISTER: '100000',
    })
    deps = await createBunDeps(config, { migrate: false, log: createJsonLog(() => {}) })
    app = createApp(() => deps)
  })
  afterAll(async () => {
    await deps?.close()
    await proxy?.stop()
    await database?.drop()
  })

  const register = () =>
    app.request('/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: uniqueEmail('pg'), password: STRONG_PASSWORD }),
    })

  test('503 with Retry-After while it is down, 201 again once it is back', async () => {
    expect((await register()).status).toBe(201)
    const port = proxy.port
    await proxy.stop()
    const down = await register()
    expect(down.status).toBe(503)
    expect(await down.json()).toEqual({ detail: 'Service temporarily unavailable' })
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await app.request('/readyz')).status).toBe(503)
    proxy = await startProxy(target, port)
    let status = 0
    for (let i = 0; i < 20 && status !== 201; i++) {
      status = (await register()).status
      if (status !== 201) await Bun.sleep(250)
    }
    expect(status).toBe(201)
    expect((await app.request('/readyz')).status).toBe(200)
  }, 60_000)
})
