// Test helper: the Workers entry under a live `wrangler dev` (workerd), on a fresh Postgres database, with its log.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type FreshDatabase, freshDatabase as freshPostgresDatabase } from '../../support/postgres'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
/** workerd trusts this CA only through NODE_EXTRA_CA_CERTS, read by wrangler (miniflare) at start. */
export const TEST_CA = join(ROOT, 'test/fixtures/tls/ca.pem')
const DB_PREFIX = 'gatehouse_workers_'

export interface TestWorker {
  url: string
  /** Process group of wrangler and the workerd it started. */
  pgid: number
  /** Every line wrangler and the Worker printed (app log lines are JSON). */
  output: string[]
  stop(): Promise<void>
}

/** Starts `wrangler dev` with `vars` as its only variables and secrets (an --env-file: .dev.vars is not read). */
export async function startWorker(
  vars: Record<string, string>,
  options: {
    timeoutMs?: number
    config?: string
    env?: Record<string, string>
    /** More `wrangler dev` arguments (`--env dev`). */
    args?: string[]
    /** When the Worker counts as started (default: /healthz answers 2xx). */
    ready?: (healthz: Response) => boolean
    /** Where the probe lives: `${base}/healthz` for an APP_URL with a path. */
    healthPath?: string
  } = {},
): Promise<TestWorker> {
  const [port, inspectorPort] = [await freePort(), await freePort()]
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-wrangler-'))
  const envFile = join(dir, 'worker.env')
  writeFileSync(
    envFile,
    Object.entries(vars)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join('\n'),
  )
  const args = [
    'dev',
    ...(options.config ? ['--config', options.config] : []),
    ...(options.args ?? []),
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspectorPort),
    '--env-file',
    envFile,
    '--persist-to',
    join(dir, 'state'),
    '--show-interactive-dev-session=false',
    '--log-level',
    'log',
  ]
  const child = spawn(join(ROOT, 'node_modules/.bin/wrangler'), args, {
    cwd: ROOT,
    // Own process group, so stop() ends wrangler and the workerd it started, and nothing else.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // No network here: no metrics, and no fetch of the Request.cf object (a 3 s timeout per start).
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: TEST_CA,
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      ...options.env,
    },
  })
  const output: string[] = []
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean))
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)

  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    await killGroup(child)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const health = `${url}${options.healthPath ?? '/healthz'}`
    await waitUntilReady(health, child, output, options.timeoutMs ?? 60_000, options.ready)
  } catch (error) {
    await stop()
    throw error
  }
  return { url, pgid: child.pid!, output, stop }
}

async function waitUntilReady(
  healthUrl: string,
  child: ChildProcess,
  output: string[],
  timeoutMs: number,
  ready: (healthz: Response) => boolean = (r) => r.ok,
) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output.join('\n')}`)
    // A failed build leaves wrangler running and the port open, with nothing to answer.
    if (output.some((line) => line.includes('[ERROR]')))
      throw new Error(`wrangler dev could not build the Worker:\n${output.join('\n')}`)
    const ok = await fetch(healthUrl, { signal: AbortSignal.timeout(2000) }).then(
      ready,
      () => false,
    )
    if (ok) return
    await Bun.sleep(250)
  }
  throw new Error(`wrangler dev not ready within ${timeoutMs} ms:\n${output.join('\n')}`)
}

function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => signal('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, name)
      } catch {
        resolve()
      }
    }
    signal('SIGTERM')
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export type TestDatabase = FreshDatabase

/**
 * A new, migrated database per test file (Workers never migrate: a deploy runs
 * `npm run db:migrate` first), under a prefix of its own.
 */
export function freshDatabase(adminUrl: string): Promise<TestDatabase> {
  return freshPostgresDatabase(adminUrl, DB_PREFIX)
}

/** The JSON log lines the Worker wrote. */
export function appLog(worker: TestWorker): Record<string, unknown>[] {
  return worker.output.flatMap((line) => {
    const start = line.indexOf('{"time"')
    if (start === -1) return []
    try {
      return [JSON.parse(line.slice(start)) as Record<string, unknown>]
    } catch {
      return []
    }
  })
}
