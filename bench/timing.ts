// Enumeration timing: median latency per request class over interleaved requests on a real socket.
//
//   bun bench/timing.ts [--n 250] [--warmup 20] [--no-settle] [--smtp] [--out bench/timing-results.json]
//
// Classes come in pairs an attacker would compare: log-in with an unknown email vs a wrong
// password, and reset / resend requests for an unknown vs a known address. Requests are sent
// one at a time in a shuffled order per round, so drift (GC, JIT, a noisy neighbour) falls on
// every class alike. By default the app's deferred work (mail delivery) is awaited between
// requests, untimed, so each sample is the answer path alone; --no-settle keeps it running.
// Uses PGlite in memory, or a fresh database under TEST_DATABASE_URL; Redis through the
// Upstash REST server when TEST_REDIS_URL is set; the dev mailbox unless --smtp.
import { writeFileSync } from 'node:fs'
import { createJsonLog } from '../src/adapters/json-log'
import { createApp } from '../src/app'
import { parseConfig, RATE_LIMIT_VARIABLES } from '../src/config'
import { openDatabase } from '../src/runtime/bun/database'
import { createBunDeps } from '../src/runtime/bun/deps'
import { freshDatabase } from '../test/support/postgres'

export const CLASSES = [
  'login_unknown_email',
  'login_wrong_password',
  'reset_unknown_email',
  'reset_known_email',
  'resend_unknown_email',
  'resend_known_email',
] as const
export type TimingClass = (typeof CLASSES)[number]
/** What an attacker compares: [unknown, known]. */
export const PAIRS: [TimingClass, TimingClass][] = [
  ['login_unknown_email', 'login_wrong_password'],
  ['reset_unknown_email', 'reset_known_email'],
  ['resend_unknown_email', 'resend_known_email'],
]
const EXPECTED_STATUS: Record<TimingClass, number> = {
  login_unknown_email: 401,
  login_wrong_password: 401,
  reset_unknown_email: 200,
  reset_known_email: 200,
  resend_unknown_email: 200,
  resend_known_email: 200,
}

export interface ClassStats {
  n: number
  median_ms: number
  p25_ms: number
  p75_ms: number
  mean_ms: number
}

export interface TimingReport {
  per_class: number
  settle: boolean
  classes: Record<TimingClass, ClassStats>
  /** delta_median_ms: median(known) − median(unknown); median_paired_delta_ms: the median of known − unknown within each round. */
  pairs: {
    unknown: TimingClass
    known: TimingClass
    delta_median_ms: number
    median_paired_delta_ms: number
  }[]
  max_abs_delta_median_ms: number
}

export interface TimingTarget {
  /** The app's fetch handler; it is served by Bun.serve on a random port. */
  fetch(request: Request, server: import('bun').Server<unknown>): Response | Promise<Response>
  /** Resolves when the app's deferred work is done (awaited between samples when settling). */
  settled?: () => Promise<void>
}

export interface TimingOptions {
  perClass: number
  warmup?: number
  settle?: boolean
  /** Known users to rotate through (registered, not verified: that serves all three known classes). */
  knownUsers?: number
  password?: string
}

/** The client runs in its own process, so the server's background work cannot delay its reads. */
const CLIENT = `
const plan = JSON.parse(await Bun.stdin.text())
const out = []
for (const r of plan.requests) {
  const started = performance.now()
  const res = await fetch(plan.base + r.path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: r.body })
  await res.arrayBuffer()
  out.push([performance.now() - started, res.status])
  if (plan.settle) await (await fetch(plan.base + '/__timing/settled')).arrayBuffer()
}
console.log(JSON.stringify(out))
`

/** Serves the app on 127.0.0.1:<random>, registers the known users, then measures from a client process. */
export async function measureTiming(
  target: TimingTarget,
  options: TimingOptions,
): Promise<TimingReport> {
  const {
    perClass,
    warmup = 10,
    settle = true,
    knownUsers = 4,
    password = 'correct horse battery staple',
  } = options
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    // Not part of the app: lets the client wait, untimed, until the app's deferred work is done.
    fetch: async (request, srv) => {
      if (new URL(request.url).pathname !== '/__timing/settled') return target.fetch(request, srv)
      await target.settled?.()
      return new Response(null, { status: 204 })
    },
  })
  const base = `http://127.0.0.1:${server.port}`
  try {
    const tag = crypto.randomUUID().slice(0, 8)
    const known = Array.from({ length: knownUsers }, (_, i) => `timing-${tag}-${i}@example.com`)
    for (const email of known) {
      const res = await fetch(`${base}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
      if (res.status !== 201)
        throw new Error(`could not register ${email}: ${res.status} ${await res.text()}`)
    }
    await target.settled?.()

    let counter = 0
    const unknown = () => `nobody-${tag}-${counter++}@example.com`
    const pick = (i: number) => known[i % known.length]!
    const request = (cls: TimingClass, i: number): { path: string; body: string } => {
      const json = (path: string, body: unknown) => ({ path, body: JSON.stringify(body) })
      switch (cls) {
        case 'login_unknown_email':
          return json('/login', { email: unknown(), password: 'not the right password' })
        case 'login_wrong_password':
          return json('/login', { email: pick(i), password: 'not the right password' })
        case 'reset_unknown_email':
          return json('/request-password-reset', { email: unknown() })
        case 'reset_known_email':
          return json('/request-password-reset', { email: pick(i) })
        case 'resend_unknown_email':
          return json('/resend-verification', { email: unknown() })
        case 'resend_known_email':
          return json('/resend-verification', { email: pick(i) })
      }
    }
    const schedule: {
      cls: TimingClass
      round: number
      measured: boolean
      path: string
      body: string
    }[] = []
    for (let round = 0; round < warmup + perClass; round++) {
      for (const cls of shuffled(CLASSES))
        schedule.push({ cls, round, measured: round >= warmup, ...request(cls, round) })
    }

    const client = Bun.spawn([process.execPath, '-e', CLIENT], {
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      cwd: '/',
    })
    client.stdin.write(
      JSON.stringify({
        base,
        settle,
        requests: schedule.map(({ path, body }) => ({ path, body })),
      }),
    )
    client.stdin.end()
    const [stdout, stderr, code] = await Promise.all([
      new Response(client.stdout).text(),
      new Response(client.stderr).text(),
      client.exited,
    ])
    if (code !== 0) throw new Error(`timing client failed (${code}): ${stderr.trim()}`)
    const results = JSON.parse(stdout.trim().split('\n').at(-1)!) as [number, number][]

    const samples = Object.fromEntries(CLASSES.map((c) => [c, [] as number[]])) as Record<
      TimingClass,
      number[]
    >
    const byRound = new Map<number, Partial<Record<TimingClass, number>>>()
    schedule.forEach(({ cls, round, measured }, i) => {
      const [ms, status] = results[i]!
      if (status !== EXPECTED_STATUS[cls])
        throw new Error(
          `${cls}: expected ${EXPECTED_STATUS[cls]}, got ${status} (are the rate limits raised?)`,
        )
      if (!measured) return
      samples[cls].push(ms)
      byRound.set(round, { ...byRound.get(round), [cls]: ms })
    })
    const paired = (u: TimingClass, k: TimingClass) =>
      stats([...byRound.values()].map((r) => r[k]! - r[u]!)).median_ms

    const classes = Object.fromEntries(CLASSES.map((c) => [c, stats(samples[c])])) as Record<
      TimingClass,
      ClassStats
    >
    const pairs = PAIRS.map(([u, k]) => ({
      unknown: u,
      known: k,
      delta_median_ms: round2(classes[k].median_ms - classes[u].median_ms),
      median_paired_delta_ms: paired(u, k),
    }))
    return {
      per_class: perClass,
      settle,
      classes,
      pairs,
      max_abs_delta_median_ms: Math.max(...pairs.map((p) => Math.abs(p.delta_median_ms))),
    }
  } finally {
    await server.stop(true)
  }
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

const round2 = (x: number) => Math.round(x * 100) / 100

function stats(values: number[]): ClassStats {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    n: sorted.length,
    median_ms: round2(quantile(sorted, 0.5)),
    p25_ms: round2(quantile(sorted, 0.25)),
    p75_ms: round2(quantile(sorted, 0.75)),
    mean_ms: round2(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  }
}

export function formatReport(report: TimingReport): string {
  const lines = [
    `${report.per_class} requests per class, interleaved${report.settle ? '' : ', without settling deferred work'}`,
    '',
  ]
  lines.push(
    `${'class'.padEnd(24)} ${'median'.padStart(8)} ${'p25'.padStart(8)} ${'p75'.padStart(8)} ${'mean'.padStart(8)}`,
  )
  for (const c of CLASSES) {
    const s = report.classes[c]
    lines.push(
      `${c.padEnd(24)} ${s.median_ms.toFixed(2).padStart(8)} ${s.p25_ms.toFixed(2).padStart(8)} ${s.p75_ms.toFixed(2).padStart(8)} ${s.mean_ms.toFixed(2).padStart(8)}`,
    )
  }
  lines.push('')
  for (const p of report.pairs)
    lines.push(
      `Δmedian ${p.known} − ${p.unknown}: ${p.delta_median_ms.toFixed(2)} ms (median of per-round differences: ${p.median_paired_delta_ms.toFixed(2)} ms)`,
    )
  return lines.join('\n')
}

function argument(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

async function main() {
  const args = process.argv.slice(2)
  const perClass = Number(argument(args, '--n') ?? 250)
  const warmup = Number(argument(args, '--warmup') ?? 20)
  const out = argument(args, '--out') ?? new URL('./timing-results.json', import.meta.url).pathname
  const settle = !args.includes('--no-settle')
  if (!Number.isInteger(perClass) || perClass < 1) throw new Error('--n must be a positive integer')

  const cleanups: (() => Promise<void>)[] = []
  try {
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      APP_URL: 'http://localhost:3000',
      JWT_SECRET: crypto.randomUUID() + crypto.randomUUID(),
      ...Object.fromEntries(RATE_LIMIT_VARIABLES.map((name) => [name, '1000000'])),
    }
    if (process.env.TEST_DATABASE_URL) {
      const { url, drop } = await freshDatabase(
        process.env.TEST_DATABASE_URL,
        'gatehouse_timing_',
        { migrate: false },
      )
      env.DATABASE_URL = url
      cleanups.unshift(drop)
    }
    if (process.env.TEST_REDIS_URL) {
      const { startTestRedis } = await import('../test/support/redis-http')
      const redis = (await startTestRedis())!
      Object.assign(env, {
        UPSTASH_REDIS_REST_URL: redis.url,
        UPSTASH_REDIS_REST_TOKEN: redis.token,
        REDIS_PREFIX: redis.prefix,
      })
      cleanups.unshift(() => redis.cleanup())
    }
    if (args.includes('--smtp')) {
      const { startSmtpServer } = await import('../test/support/smtp')
      const smtp = await startSmtpServer()
      Object.assign(env, {
        SMTP_HOST: smtp.host,
        SMTP_PORT: String(smtp.port),
        SMTP_USERNAME: smtp.username,
        SMTP_PASSWORD: smtp.password,
        MAIL_FROM: 'no-reply@gatehouse.test',
      })
      cleanups.unshift(() => smtp.stop())
    }
    const config = parseConfig(env)
    // The dev mailbox logs links (tokens) by design: nothing of this run is printed.
    const database =
      config.database.kind === 'pglite'
        ? await openDatabase({ kind: 'pglite', dir: 'memory://' })
        : undefined
    if (database) await database.migrate()
    const deps = await createBunDeps(config, { log: createJsonLog(() => {}), database })
    cleanups.unshift(async () => {
      await deps.close()
      await database?.close()
    })
    const app = createApp(() => deps)

    const setup = `database=${config.database.kind} redis=${config.redis ? 'upstash' : 'memory'} mail=${config.smtp ? 'smtp' : 'dev-mailbox'}`
    console.log(`timing: ${setup}, ${perClass} per class (+${warmup} warm-up rounds)…`)
    const report = await measureTiming(
      { fetch: (request, server) => app.fetch(request, { server }), settled: deps.settled },
      { perClass, warmup, settle },
    )
    console.log(formatReport(report))
    const result = { ...report, setup, bun: Bun.version, measured_at: new Date().toISOString() }
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`)
    console.log(`\nwritten to ${out}`)
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {})
  }
}

/** A throw-away database next to the given one, dropped at the end. */

if (import.meta.main) {
  main().catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error)
    process.exit(1)
  })
}
