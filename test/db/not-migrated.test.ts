// A database older than the code: readiness says "not_migrated", a request that meets a missing
// table answers 503 with one log line naming the fix. On PGlite, and on a fresh Postgres
// database under TEST_DATABASE_URL.
import { afterEach, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import journal from '../../drizzle/meta/_journal.json'
import { createJsonLog } from '../../src/adapters/json-log'
import { createApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { MIGRATIONS, type OpenDatabase, openDatabase } from '../../src/runtime/bun/database'
import { type BunDeps, createBunDeps } from '../../src/runtime/bun/deps'
import { freshDatabase } from '../support/postgres'

// Starting PGlite on a loaded machine can take longer than bun's 5 s default.
setDefaultTimeout(60_000)

const adminUrl = process.env.TEST_DATABASE_URL
const kind = adminUrl ? 'postgres' : 'pglite'

interface Unmigrated {
  database: OpenDatabase
  deps: BunDeps
  app: ReturnType<typeof createApp>
  log: string[]
  /** Applies the first `count` migrations the code ships, as an older release would have. */
  migrateFirst(count: number): Promise<void>
  close(): Promise<void>
}

const opened: Unmigrated[] = []
afterEach(async () => {
  for (const u of opened.splice(0)) await u.close()
})

/** A database nothing has migrated: PGlite in memory, or a new Postgres database. */
async function unmigrated(): Promise<Unmigrated> {
  const fresh = adminUrl
    ? await freshDatabase(adminUrl, 'gatehouse_unmigrated_', { migrate: false })
    : undefined
  const where = fresh ? { kind: 'postgres' as const, url: fresh.url } : undefined
  const database = await openDatabase(where ?? { kind: 'pglite', dir: 'memory://' })
  const log: string[] = []
  const config = parseConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'x'.repeat(40),
    ...(fresh && { DATABASE_URL: fresh.url }),
  })
  const deps = await createBunDeps(config, { database, log: createJsonLog((l) => log.push(l)) })
  const u: Unmigrated = {
    database,
    deps,
    app: createApp(() => deps),
    log,
    async migrateFirst(count) {
      const folder = mkdtempSync(join(tmpdir(), 'gatehouse-migrations-'))
      try {
        const entries = journal.entries.slice(0, count)
        mkdirSync(join(folder, 'meta'))
        writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }))
        for (const { tag } of entries)
          cpSync(join(MIGRATIONS, `${tag}.sql`), join(folder, `${tag}.sql`))
        const { migrate } = fresh
          ? await import('drizzle-orm/postgres-js/migrator')
          : await import('drizzle-orm/pglite/migrator')
        await migrate(database.db as never, { migrationsFolder: folder })
      } finally {
        rmSync(folder, { recursive: true, force: true })
      }
    },
    async close() {
      await deps.close()
      await database.close()
      await fresh?.drop()
    },
  }
  opened.push(u)
  return u
}

/** What was logged besides the access-log line every request gets. */
const logged = (u: Unmigrated) =>
  u.log.map((l) => JSON.parse(l)).filter((line) => line.event !== 'http')

const post = (app: Unmigrated['app'], path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  })

async function readiness(u: Unmigrated) {
  const res = await u.app.request('/readyz')
  return { status: res.status, body: (await res.json()) as any }
}

describe(`a database older than the code (${kind})`, () => {
  test('/readyz: 503 "not_migrated" on an empty database, then "ok" once migrated', async () => {
    const u = await unmigrated()
    const before = await readiness(u)
    expect(before.status).toBe(503)
    expect(before.body).toMatchObject({
      status: 'unavailable',
      checks: { database: 'not_migrated' },
    })
    expect(u.log.find((l) => l.includes('"readiness"'))).toContain('npm run db:migrate')

    await u.database.migrate()
    const after = await readiness(u)
    expect(after.status).toBe(200)
    expect(after.body).toMatchObject({ status: 'ok', checks: { database: 'ok' } })
  })

  test('/readyz: "not_migrated" while the newest migration the code ships is not applied', async () => {
    expect(journal.entries.length).toBeGreaterThan(1)
    const u = await unmigrated()
    await u.migrateFirst(journal.entries.length - 1)
    // The tables exist and answer; only the newest migration is missing.
    await u.database.db.execute(sql`select 1 from users limit 0`)
    expect(await readiness(u)).toMatchObject({
      status: 503,
      body: { checks: { database: 'not_migrated' } },
    })
    await u.database.migrate()
    expect((await readiness(u)).status).toBe(200)
  })

  test('a request that meets a column of a newer migration: 503 and the same one line', async () => {
    const u = await unmigrated()
    await u.migrateFirst(journal.entries.length)
    await u.database.db.execute(sql`alter table users drop column language`)
    const res = await post(u.app, '/login', {
      email: 'first@example.com',
      password: 'x'.repeat(20),
    })
    expect(res.status).toBe(503)
    await u.deps.settled()
    const lines = logged(u)
    expect(lines.map((l) => l.event)).toEqual(['database_not_migrated'])
    expect(JSON.stringify(lines)).not.toMatch(/select|first@example\.com|column/i)
  })

  test('a request that meets a missing table: 503, and one log line that names the fix, no SQL', async () => {
    const u = await unmigrated()
    for (const [path, body] of [
      ['/register', { email: 'first@example.com', password: 'correct horse battery staple' }],
      ['/login', { email: 'first@example.com', password: 'correct horse battery staple' }],
    ] as const) {
      u.log.length = 0
      const res = await post(u.app, path, body)
      expect(res.status).toBe(503)
      expect(await res.json()).toEqual({ detail: 'Service temporarily unavailable' })
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
      await u.deps.settled()
      const lines = logged(u)
      expect(lines.map((l) => l.event)).toEqual(['database_not_migrated'])
      expect(lines[0].message).toContain('npm run db:migrate')
      expect(JSON.stringify(lines)).not.toMatch(/select|insert|first@example\.com|relation/i)
    }
  })

  test('a reset request answers as always; its deferred lookup logs the same one line', async () => {
    const u = await unmigrated()
    const res = await post(u.app, '/request-password-reset', { email: 'first@example.com' })
    expect(res.status).toBe(200)
    await u.deps.settled()
    const lines = logged(u)
    expect(lines.map((l) => l.event)).toEqual(['database_not_migrated'])
    expect(lines[0].message).toContain('npm run db:migrate')
    expect(JSON.stringify(lines)).not.toMatch(/select|first@example\.com|relation/i)
  })
})
