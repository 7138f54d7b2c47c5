// Enumeration timing: can the latency of a reset or resend request tell a known email from an
// unknown one? Measured over real HTTP against a real server process, as an attacker would.
//
//   bun bench/timing.ts [--n 500] [--warmup 30] [--setups pglite,postgres,postgres+redis | all]
//                       [--login] [--gap-ms 0] [--strict] [--out bench/timing-results.json]
//
// Each setup starts `bun src/runtime/bun/main.ts` (TRUST_PROXY=true, an SMTP sink, the
// per-email limits raised so that every known request does the whole work: lookup, outbox
// write, mail), registers a few unverified users, and sends the classes from a separate client
// process, one request at a time, in a shuffled order per round (drift falls on every class
// alike), each from a fresh client address (X-Forwarded-For). For each pair it prints the median
// difference (known − unknown), the Mann-Whitney p and P(known slower), and PASS when
// |median difference| < 1 ms and 0.45 ≤ P(known slower) ≤ 0.55.
// Setups: pglite (embedded, in memory); postgres (a fresh database next to TEST_DATABASE_URL);
// postgres+redis (and Redis through the Upstash REST server in front of TEST_REDIS_URL). The
// default is the one TEST_DATABASE_URL / TEST_REDIS_URL select, like the test suite.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RATE_LIMIT_VARIABLES } from '../src/config'
import { freshDatabase } from '../test/support/postgres'
import { freePort, httpReady, startBun, stop, tail, tcpReady, waitFor } from './processes'
import { mannWhitney, median, quantile } from './stats'

export const CLASSES = [
  'reset_unknown_email',
  'reset_known_email',
  'resend_unknown_email',
  'resend_known_email',
  'login_unknown_email',
  'login_wrong_password',
] as const
export type TimingClass = (typeof CLASSES)[number]
/** What an attacker compares: [unknown, known]. */
const PAIRS: [TimingClass, TimingClass][] = [
  ['reset_unknown_email', 'reset_known_email'],
  ['resend_unknown_email', 'resend_known_email'],
  ['login_unknown_email', 'login_wrong_password'],
]
const EXPECTED_STATUS: Record<TimingClass, number> = {
  reset_unknown_email: 200,
  reset_known_email: 200,
  resend_unknown_email: 200,
  resend_known_email: 200,
  login_unknown_email: 401,
  login_wrong_password: 401,
}
export const SETUPS = ['pglite', 'postgres', 'postgres+redis'] as const
export type Setup = (typeof SETUPS)[number]

/** The rule the contract states: timing cannot tell known from unknown at any sample size. */
export const CRITERIA = { maxAbsMedianDeltaMs: 1, probabilityKnownSlower: [0.45, 0.55] } as const

export interface PairResult {
  unknown: string
  known: string
  n: number
  median_unknown_ms: number
  median_known_ms: number
  /** median(known) − median(unknown) */
  median_delta_ms: number
  mann_whitney_p: number
  p_known_slower: number
  pass: boolean
}

export interface SetupResult {
  setup: Setup
  per_class: number
  classes: Partial<Record<TimingClass, { median_ms: number; p25_ms: number; p75_ms: number }>>
  pairs: PairResult[]
  /**
   * Not the rule, a check of the bench and of the load channel: reset and resend samples by
   * whether the request before them (on the same connection) was for a known or unknown email.
   */
  after_previous: PairResult
  pass: boolean
}

const isMailClass = (c: TimingClass) => !c.startsWith('login')
const isKnown = (c: TimingClass) => c.endsWith('_known_email') || c === 'login_wrong_password'

const PASSWORD = 'correct horse battery staple'

/**
 * The client runs in its own process, so the server's deferred work cannot delay its reads;
 * it reuses one keep-alive connection, as a patient attacker would.
 */
const CLIENT = `
const plan = JSON.parse(await Bun.stdin.text())
const out = []
for (const r of plan.requests) {
  const started = performance.now()
  const res = await fetch(plan.base + r.path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', 'x-forwarded-for': r.ip }, body: r.body })
  await res.arrayBuffer()
  out.push([performance.now() - started, res.status])
  if (plan.gapMs > 0) await Bun.sleep(plan.gapMs)
}
console.log(JSON.stringify(out))
`

interface Server {
  base: string
  logFile: string
  close(): Promise<void>
}

/** SMTP sink, optional Redis, a fresh database, then the app itself: each a real process. */
async function startServer(setup: Setup, logs: string): Promise<Server> {
  const cleanups: (() => Promise<unknown>)[] = []
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
  }
  try {
    const smtpPort = freePort()
    const smtpLog = join(logs, 'smtp-sink.log')
    const smtp = startBun('bench/smtp-sink.ts', { PORT: String(smtpPort) }, smtpLog)
    cleanups.push(() => stop(smtp))
    await waitFor('SMTP sink', () => tcpReady(smtpPort), smtp, smtpLog)

    const env: Record<string, string> = {
      NODE_ENV: 'development',
      JWT_SECRET: `${crypto.randomUUID()}${crypto.randomUUID()}`,
      TRUST_PROXY: 'true',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_USERNAME: '',
      MAIL_FROM: 'no-reply@gatehouse.test',
      PGLITE_DIR: 'memory://',
      DATABASE_URL: '',
      UPSTASH_REDIS_REST_URL: '',
      UPSTASH_REDIS_REST_TOKEN: '',
      // Only the per-email limits: with them, the known emails would soon take the cheaper
      // "throttled" path. The per-IP limits stay as configured; every request has its own address.
      ...Object.fromEntries(
        RATE_LIMIT_VARIABLES.filter((name) => /PER_EMAIL/.test(name)).map((name) => [
          name,
          '1000000000',
        ]),
      ),
    }
    if (setup !== 'pglite') {
      const adminUrl = process.env.TEST_DATABASE_URL
      if (!adminUrl) throw new Error(`setup ${setup} needs TEST_DATABASE_URL`)
      const database = await freshDatabase(adminUrl, 'gatehouse_timing_')
      cleanups.push(() => database.drop())
      env.DATABASE_URL = database.url
    }
    if (setup === 'postgres+redis') {
      if (!process.env.TEST_REDIS_URL) throw new Error(`setup ${setup} needs TEST_REDIS_URL`)
      const { startTestRedis } = await import('../test/support/redis-http')
      const redis = (await startTestRedis())!
      cleanups.push(() => redis.cleanup())
      Object.assign(env, {
        UPSTASH_REDIS_REST_URL: redis.url,
        UPSTASH_REDIS_REST_TOKEN: redis.token,
        REDIS_PREFIX: redis.prefix,
      })
    }
    const port = freePort()
    const base = `http://127.0.0.1:${port}`
    const logFile = join(logs, `app-${setup}.log`)
    const app = startBun(
      'src/runtime/bun/main.ts',
      { ...env, PORT: String(port), APP_URL: base },
      logFile,
    )
    cleanups.push(() => stop(app))
    await waitFor('app', httpReady(`${base}/healthz`), app, logFile, 60_000)
    return { base, logFile, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** A fresh client address for every request: no per-IP counter ever sees two of them. */
function addresses() {
  let i = 1
  return () => {
    const n = i++
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
  }
}

export interface TimingOptions {
  perClass: number
  warmup: number
  login: boolean
  gapMs: number
  knownUsers?: number
}

export async function measureSetup(setup: Setup, options: TimingOptions): Promise<SetupResult> {
  const logs = mkdtempSync(join(tmpdir(), 'gatehouse-timing-'))
  const server = await startServer(setup, logs)
  try {
    const nextIp = addresses()
    const tag = crypto.randomUUID().slice(0, 8)
    const known = Array.from(
      { length: options.knownUsers ?? 8 },
      (_, i) => `timing-${tag}-${i}@example.com`,
    )
    // Registered and left unverified: such an account serves reset, resend and log-in alike.
    for (const email of known) {
      const res = await fetch(`${server.base}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp() },
        body: JSON.stringify({ email, password: PASSWORD }),
      })
      if (res.status !== 201)
        throw new Error(`could not register ${email}: ${res.status} ${await res.text()}`)
    }
    const classes = CLASSES.filter((c) => options.login || !c.startsWith('login'))
    const schedule = plan(classes, known, tag, options, nextIp)
    const results = await runClient(server.base, schedule, options.gapMs)

    const samples = new Map<TimingClass, number[]>(classes.map((c) => [c, []]))
    const afterKnown: number[] = []
    const afterUnknown: number[] = []
    schedule.forEach(({ cls, measured }, i) => {
      const [ms, status] = results[i]!
      const previous = schedule[i - 1]?.cls
      if (measured && previous && isMailClass(cls) && isMailClass(previous))
        (isKnown(previous) ? afterKnown : afterUnknown).push(ms)
      if (status !== EXPECTED_STATUS[cls])
        throw new Error(
          `${cls}: expected ${EXPECTED_STATUS[cls]}, got ${status}\n${tail(server.logFile)}`,
        )
      if (measured) samples.get(cls)!.push(ms)
    })
    const pairs = PAIRS.filter(([u]) => classes.includes(u)).map(([u, k]) =>
      comparePair(u, k, samples.get(u)!, samples.get(k)!),
    )
    return {
      setup,
      per_class: options.perClass,
      classes: Object.fromEntries(
        [...samples].map(([c, values]) => [
          c,
          {
            median_ms: round(median(values), 3),
            p25_ms: round(quantile(values, 0.25), 3),
            p75_ms: round(quantile(values, 0.75), 3),
          },
        ]),
      ),
      pairs,
      after_previous: comparePair('after_unknown', 'after_known', afterUnknown, afterKnown),
      // Log-in is reported for comparison; the rule measured here is the reset and resend one.
      pass: pairs.filter((p) => !p.unknown.startsWith('login')).every((p) => p.pass),
    }
  } finally {
    await server.close()
    rmSync(logs, { recursive: true, force: true })
  }
}

interface Planned {
  cls: TimingClass
  measured: boolean
  path: string
  body: string
  ip: string
}

function plan(
  classes: TimingClass[],
  known: string[],
  tag: string,
  options: TimingOptions,
  nextIp: () => string,
): Planned[] {
  let counter = 0
  const unknown = () => `nobody-${tag}-${counter++}@example.com`
  const pick = (round: number) => known[round % known.length]!
  const wrong = 'not the right password'
  const bodies: Record<TimingClass, (round: number) => [string, unknown]> = {
    reset_unknown_email: () => ['/request-password-reset', { email: unknown() }],
    reset_known_email: (r) => ['/request-password-reset', { email: pick(r) }],
    resend_unknown_email: () => ['/resend-verification', { email: unknown() }],
    resend_known_email: (r) => ['/resend-verification', { email: pick(r) }],
    login_unknown_email: () => ['/login', { email: unknown(), password: wrong }],
    login_wrong_password: (r) => ['/login', { email: pick(r), password: wrong }],
  }
  const schedule: Planned[] = []
  for (let round = 0; round < options.warmup + options.perClass; round++) {
    for (const cls of shuffled(classes)) {
      const [path, body] = bodies[cls](round)
      schedule.push({
        cls,
        measured: round >= options.warmup,
        path,
        body: JSON.stringify(body),
        ip: nextIp(),
      })
    }
  }
  return schedule
}

async function runClient(
  base: string,
  schedule: Planned[],
  gapMs: number,
): Promise<[number, number][]> {
  const client = Bun.spawn([process.execPath, '-e', CLIENT], {
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    cwd: '/',
  })
  client.stdin.write(
    JSON.stringify({
      base,
      gapMs,
      requests: schedule.map(({ path, body, ip }) => ({ path, body, ip })),
    }),
  )
  client.stdin.end()
  const [stdout, stderr, code] = await Promise.all([
    new Response(client.stdout).text(),
    new Response(client.stderr).text(),
    client.exited,
  ])
  if (code !== 0) throw new Error(`timing client failed (${code}): ${stderr.trim()}`)
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as [number, number][]
}

function comparePair(unknown: string, known: string, u: number[], k: number[]): PairResult {
  const test = mannWhitney(k, u)
  const delta = median(k) - median(u)
  const [low, high] = CRITERIA.probabilityKnownSlower
  return {
    unknown,
    known,
    n: k.length,
    median_unknown_ms: round(median(u), 3),
    median_known_ms: round(median(k), 3),
    median_delta_ms: round(delta, 3),
    mann_whitney_p: Number(test.p.toPrecision(3)),
    p_known_slower: round(test.probabilityGreater, 3),
    pass:
      Math.abs(delta) < CRITERIA.maxAbsMedianDeltaMs &&
      test.probabilityGreater >= low &&
      test.probabilityGreater <= high,
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

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits

export function formatResult(result: SetupResult): string {
  const lines = [`${result.setup}: ${result.per_class} requests per class, interleaved`]
  lines.push(
    `  ${'pair'.padEnd(22)} ${'unknown'.padStart(8)} ${'known'.padStart(8)} ${'Δmedian'.padStart(8)} ${'p (M-W)'.padStart(9)} ${'P(k>u)'.padStart(7)}`,
  )
  for (const p of [...result.pairs, result.after_previous]) {
    const name = p.known.replace(/_(known_email|wrong_password)$/, '')
    lines.push(
      `  ${name.padEnd(22)} ${p.median_unknown_ms.toFixed(3).padStart(8)} ${p.median_known_ms.toFixed(3).padStart(8)} ${p.median_delta_ms.toFixed(3).padStart(8)} ${p.mann_whitney_p.toPrecision(2).padStart(9)} ${p.p_known_slower.toFixed(3).padStart(7)}  ${p.pass ? 'PASS' : 'FAIL'}${name === 'login' || name === 'after_known' ? ' (reported only)' : ''}`,
    )
  }
  return lines.join('\n')
}

function argument(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

function defaultSetup(): Setup {
  if (!process.env.TEST_DATABASE_URL) return 'pglite'
  return process.env.TEST_REDIS_URL ? 'postgres+redis' : 'postgres'
}

async function main() {
  const args = process.argv.slice(2)
  const perClass = Number(argument(args, '--n') ?? 500)
  const warmup = Number(argument(args, '--warmup') ?? 30)
  const gapMs = Number(argument(args, '--gap-ms') ?? 0)
  const out = argument(args, '--out') ?? new URL('./timing-results.json', import.meta.url).pathname
  const requested = argument(args, '--setups') ?? defaultSetup()
  const setups = (requested === 'all' ? [...SETUPS] : requested.split(',')) as Setup[]
  if (!Number.isInteger(perClass) || perClass < 1) throw new Error('--n must be a positive integer')
  for (const s of setups) if (!SETUPS.includes(s)) throw new Error(`unknown setup ${s}`)

  const results: SetupResult[] = []
  for (const setup of setups) {
    console.log(`timing: ${setup}, ${perClass} per class (+${warmup} warm-up rounds)…`)
    const result = await measureSetup(setup, {
      perClass,
      warmup,
      gapMs,
      login: args.includes('--login'),
    })
    console.log(formatResult(result))
    results.push(result)
  }
  const pass = results.every((r) => r.pass)
  const [low, high] = CRITERIA.probabilityKnownSlower
  console.log(
    `\n${pass ? 'PASS' : 'FAIL'}: |Δmedian| < ${CRITERIA.maxAbsMedianDeltaMs} ms and ${low} ≤ P(known slower) ≤ ${high} for reset and resend in every setup`,
  )
  writeFileSync(
    out,
    `${JSON.stringify({ results, pass, criteria: CRITERIA, gap_ms: gapMs, bun: Bun.version, measured_at: new Date().toISOString() }, null, 2)}\n`,
  )
  console.log(`written to ${out}`)
  if (!pass && args.includes('--strict')) process.exit(1)
}

if (import.meta.main) {
  main().catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error)
    process.exit(1)
  })
}
