// The command line and the embedded PGlite: it opens only the directory a server uses, and never
// while that server has it open (a second process on one PGlite directory corrupts it).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { STRONG_PASSWORD, uniqueEmail } from '../support/app'
import { runCli } from '../support/cli'

const ROOT = join(import.meta.dir, '../..')
const BASE_ENV = {
  NODE_ENV: 'test',
  APP_URL: 'http://localhost:3000',
  JWT_SECRET: 'embedded-cli-secret-embedded-cli-secret-0123',
}

describe('gatehouse CLI on the embedded database', () => {
  let work: string
  let dir: string
  let env: Record<string, string>
  let server: ReturnType<typeof Bun.spawn> | undefined

  const startServer = async (stdout: 'ignore' | 'pipe' = 'ignore') => {
    const port = 30000 + Math.floor(Math.random() * 20000)
    const proc = Bun.spawn([process.execPath, 'src/runtime/bun/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
      stdout,
      stderr: 'pipe',
    })
    return { proc, url: `http://127.0.0.1:${port}` }
  }
  // A fresh PGlite directory is created and migrated at start: slow on a loaded machine.
  const healthy = async (started: { proc: ReturnType<typeof Bun.spawn>; url: string }) => {
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      if (started.proc.exitCode !== null)
        throw new Error(
          `the server exited: ${await new Response(started.proc.stderr as ReadableStream).text()}`,
        )
      if (
        await fetch(`${started.url}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return
      await Bun.sleep(100)
    }
    throw new Error('the server did not start within 60 s')
  }

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'))
    dir = join(work, 'pglite')
    env = { ...BASE_ENV, PGLITE_DIR: dir }
  })
  afterAll(async () => {
    server?.kill()
    await server?.exited
    rmSync(work, { recursive: true, force: true })
  })

  test('refuses a directory no server has used, and memory://', async () => {
    const missing = await runCli(['users', 'list'], env)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(`no gatehouse server has used the embedded database in ${dir}`)
    expect(existsSync(dir)).toBe(false)

    const memory = await runCli(['users', 'list', '--json'], { ...env, PGLITE_DIR: 'memory://' })
    expect(memory.code).toBe(2)
    expect(JSON.parse(memory.stdout).error).toContain('inside one process')

    // Migrated by hand but never a server's: still not the server's data.
    const other = join(work, 'migrated-only')
    expect((await runCli(['db', 'migrate'], { ...env, PGLITE_DIR: other })).code).toBe(0)
    const run = await runCli(['users', 'show', 'a@b.test'], { ...env, PGLITE_DIR: other })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('no gatehouse server has used')
  })

  test("refuses the server's directory while the server has it open, then works on it", async () => {
    const started = await startServer()
    server = started.proc
    await healthy(started)
    const email = uniqueEmail('cli-embedded')
    const registered = await fetch(`${started.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, password: STRONG_PASSWORD }),
    })
    expect(registered.status).toBe(201)

    for (const args of [
      ['users', 'list'],
      ['users', 'verify', email],
      ['db', 'migrate'],
    ]) {
      const busy = await runCli(args, env)
      expect(busy.code).toBe(2)
      expect(busy.stderr).toContain(`is open in process ${server.pid} (a gatehouse server`)
      expect(busy.stderr).toContain('PGlite serves one process at a time')
    }

    server.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    server = undefined
    expect(existsSync(`${dir}.lock`)).toBe(false)

    const list = await runCli(['users', 'list', '--json'], env)
    expect(list.code).toBe(0)
    expect(JSON.parse(list.stdout).users).toEqual([
      expect.objectContaining({ email, verified: false, active: true, lastLogin: null }),
    ])
    const verify = await runCli(['users', 'verify', email], env)
    expect(verify.code).toBe(0)
    expect(verify.stdout).toContain(`verified ${email}`)
    // Sessions of a server without Redis live in its memory: not shown, and not ended from here.
    const show = await runCli(['users', 'show', email], env)
    expect(show.code).toBe(0)
    expect(show.stdout).toContain(
      '(not shown: without Redis the sessions live in the server process)',
    )
    const revoke = await runCli(['users', 'revoke-sessions', email], env)
    expect(revoke.code).toBe(2)
    expect(revoke.stderr).toContain('in its own memory')
    expect(existsSync(`${dir}.lock`)).toBe(false)
  }, 90_000)

  test('a server does not start on a directory another live process holds; a stale lock is taken over', async () => {
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: process.pid, role: 'cli', since: 'now' }))
    const refused = await startServer('pipe')
    expect(await refused.proc.exited).toBe(1)
    const said =
      (await new Response(refused.proc.stdout as ReadableStream).text()) +
      (await new Response(refused.proc.stderr).text())
    expect(said).toContain(`is open in process ${process.pid} (a gatehouse command`)

    const gone = Bun.spawn(['true'])
    await gone.exited
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: gone.pid, role: 'server', since: 'then' }))
    const run = await runCli(['users', 'list'], env)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^id\s+email/)
    expect(existsSync(`${dir}.lock`)).toBe(false)
  })
})
