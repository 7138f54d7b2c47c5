// `npm run bench [-- --duration 10 --connections 50 --redis]`: starts the app on Bun in its own
// process (real Postgres, a fresh database; in-memory stores or Redis through the Upstash REST
// server; mail to a local SMTP sink), loads it from another process (wrk, else autocannon),
// and prints requests/s, p50, p99 and errors per route beside two ceilings measured in the same
// run: a bare Hono route, and raw argon2id verifies at the same concurrency. Then the targets
// of issue 19, each with PASS or FAIL.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { verify as rawVerify } from '@node-rs/argon2'
import type { Subprocess } from 'bun'
import postgres from 'postgres'
import { RATE_LIMIT_VARIABLES } from '../src/config'
import { createNativeArgon2 } from '../src/runtime/bun/argon2'
import { freshDatabase } from '../test/support/postgres'
import { detectTool, type LoadResult, type LoadSpec, runLoad } from './load'
import {
  cpuSeconds,
  freePort,
  httpReady,
  machineCpuSeconds,
  memoryMb,
  ROOT,
  startBun,
  stop,
  tcpReady,
  waitFor,
} from './processes'

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    threads: { type: 'string', default: '2' },
    redis: { type: 'boolean', default: false },
    tool: { type: 'string' },
    'bun-flags': { type: 'string', default: '' },
    only: { type: 'string' },
    out: { type: 'string' },
    'database-url': {
      type: 'string',
      default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    'redis-url': {
      type: 'string',
      default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    },
  },
})
const duration = Number(flags.duration)
const connections = Number(flags.connections)
const warmup = Number(flags.warmup)
const threads = Number(flags.threads)
const tool = detectTool(flags.tool)
const only = flags.only ? new Set(flags.only.split(',')) : null
const out = flags.out ?? join(ROOT, flags.redis ? 'bench/results-redis.json' : 'bench/results.json')
const PASSWORD = 'correct horse battery staple'
const POOL = 20
/** What --redis measures again on each Redis transport. */
const REDIS_ROUTES = ['me_bearer', 'me_cookie', 'authz_cookie']
const logs = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'))
const children: Subprocess[] = []
const started = Date.now()
const say = (line: string) =>
  console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${line}`)

async function main() {
  say(
    `tool ${tool}, ${connections} connections, ${duration}s per route (+${warmup}s warm-up), stores: in-memory${flags.redis ? ', then GET /me on Redis over RESP and over the Upstash REST server' : ''}; logs in ${logs}`,
  )
  const startup = await measureArgon2Verify()
  say(`argon2id verify alone: ${round(median(startup))} ms`)

  const bare = only && !only.has('bare') ? undefined : await benchBare()
  const database = await freshDatabase(flags['database-url']!, 'gatehouse_bench_')
  try {
    const results = await benchApp(database.url)
    // The target holds for every app of the run, whichever stores it had.
    let peakRss = results.rssMb
    // --redis: GET /me again on each Redis transport, each app on a database of its own.
    if (flags.redis) {
      for (const stores of ['resp', 'rest'] as const) {
        const own = await freshDatabase(flags['database-url']!, 'gatehouse_bench_')
        try {
          const more = await benchApp(own.url, stores, REDIS_ROUTES)
          for (const [name, measured] of Object.entries(more.routes))
            results.routes[`${name}_${stores}`] = measured
          peakRss = Math.max(peakRss, more.rssMb)
        } finally {
          await own.drop()
        }
      }
    }
    // Beside POST /login at c=1, the verify measured just before and after it (the machine's
    // speed drifts over a run); otherwise the one measured at start.
    const verifyMs = round(
      median(results.verifySamples.length > 0 ? results.verifySamples : startup),
    )
    await report({ ...results, bare, bareRps: bare?.rps ?? 0, verifyMs, rssMb: peakRss })
  } finally {
    await database.drop()
  }
}

async function measureArgon2Verify(): Promise<number[]> {
  const hasher = createNativeArgon2()
  const phc = await hasher.hash(PASSWORD)
  await hasher.verify(phc, PASSWORD)
  const times: number[] = []
  for (let i = 0; i < 15; i++) {
    const t = performance.now()
    await hasher.verify(phc, PASSWORD)
    times.push(performance.now() - t)
  }
  return times
}

/**
 * `n` verifies in flight for the measured duration, through @node-rs/argon2 itself (what the
 * app's hasher calls, same parameters): throughput and latency of the hashing alone.
 */
async function measureConcurrentVerifies(n: number): Promise<RawVerifies> {
  const phc = await createNativeArgon2().hash(PASSWORD)
  const loop = async (until: number, times?: number[]) => {
    let done = 0
    while (performance.now() < until) {
      const t = performance.now()
      if (!(await rawVerify(phc, PASSWORD))) throw new Error('argon2 verify failed')
      times?.push(performance.now() - t)
      done++
    }
    return done
  }
  const run = async (seconds: number, times?: number[]) => {
    const started = performance.now()
    const until = started + seconds * 1000
    const counts = await Promise.all(Array.from({ length: n }, () => loop(until, times)))
    return { count: counts.reduce((a, b) => a + b, 0), ms: performance.now() - started }
  }
  if (warmup > 0) await run(warmup)
  const times: number[] = []
  const cpuBefore = cpuSeconds(process.pid)
  const { count, ms } = await run(duration, times)
  const result = {
    rps: Math.round((count / ms) * 1000 * 10) / 10,
    p50_ms: round(median(times)),
    cpu_us: Math.round(((cpuSeconds(process.pid) - cpuBefore) * 1e6) / count),
  }
  say(
    `raw argon2id verifies, ${n} in flight: ${result.rps}/s  p50 ${result.p50_ms} ms  CPU ${result.cpu_us} us/verify`,
  )
  return result
}
type RawVerifies = { rps: number; p50_ms: number; cpu_us: number }
const meanOf = (a: RawVerifies, b: RawVerifies): RawVerifies => ({
  rps: Math.round((a.rps + b.rps) * 5) / 10,
  p50_ms: round((a.p50_ms + b.p50_ms) / 2),
  cpu_us: Math.round((a.cpu_us + b.cpu_us) / 2),
})

async function benchBare(): Promise<Measured> {
  const port = freePort()
  const log = join(logs, 'bare.log')
  const bare = track(startBun('bench/bare.ts', { PORT: String(port) }, log))
  try {
    await waitFor('bare server', httpReady(`http://127.0.0.1:${port}/`), bare, log)
    return await measure(
      'bare',
      { url: `http://127.0.0.1:${port}`, method: 'GET', path: '/' },
      connections,
      bare.pid,
    )
  } finally {
    await stop(bare)
  }
}

type Stores = 'memory' | 'resp' | 'rest'

async function benchApp(databaseUrl: string, stores: Stores = 'memory', routeNames?: string[]) {
  const smtpPort = freePort()
  const smtpLog = join(logs, `smtp-sink-${stores}.log`)
  const smtp = track(startBun('bench/smtp-sink.ts', { PORT: String(smtpPort) }, smtpLog))
  await waitFor('SMTP sink', () => tcpReady(smtpPort), smtp, smtpLog)

  const redis = stores === 'rest' ? await startRedisHttp() : null
  const port = freePort()
  const appLog = join(logs, `app-${stores}.log`)
  const base = `http://127.0.0.1:${port}`
  const app = track(
    startBun(
      'src/runtime/bun/main.ts',
      {
        NODE_ENV: 'development',
        PORT: String(port),
        APP_URL: base,
        JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
        DATABASE_URL: databaseUrl,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtpPort),
        SMTP_USERNAME: '',
        MAIL_FROM: 'no-reply@gatehouse.test',
        REDIS_URL: stores === 'resp' ? flags['redis-url']! : '',
        UPSTASH_REDIS_REST_URL: redis?.url ?? '',
        UPSTASH_REDIS_REST_TOKEN: redis?.token ?? '',
        REDIS_PREFIX: `gh-bench-${crypto.randomUUID().slice(0, 8)}`,
        // Raised by configuration: every request of the bench comes from one address.
        ...Object.fromEntries(RATE_LIMIT_VARIABLES.map((name) => [name, '1000000000/60s'])),
      },
      appLog,
      flags['bun-flags']!.split(' ').filter(Boolean),
    ),
  )
  try {
    await waitFor('app', httpReady(`${base}/healthz`), app, appLog)
    const user = await createUsers(base, databaseUrl)
    say(`app up (pid ${app.pid}, ${memoryMb(app.pid).current} MB), ${POOL} verified users`)
    const json = { 'content-type': 'application/json' }
    const routes: Record<string, Measured> = {}
    const run = async (
      name: string,
      spec: Omit<LoadSpec, 'url' | 'connections' | 'durationSeconds' | 'threads'>,
      c = connections,
    ) => {
      if ((only && !only.has(name)) || (routeNames && !routeNames.includes(name))) return
      const label = stores === 'memory' ? name : `${name}_${stores}`
      routes[name] = await measure(label, { url: base, ...spec }, c, app.pid, redis?.pid)
    }
    await run('me_bearer', {
      method: 'GET',
      path: '/me',
      headers: { authorization: `Bearer ${user.accessToken}` },
    })
    await run('me_cookie', {
      method: 'GET',
      path: '/me',
      headers: { cookie: `session_id=${user.cookie}` },
    })
    // Forward auth as a proxy asks it: the browser's cookie, on every page view of the product.
    await run('authz_cookie', {
      method: 'GET',
      path: '/authz',
      headers: { cookie: `session_id=${user.cookie}` },
    })
    // The self-service reads, as an API client makes them (the account is read from Postgres).
    await run('account', {
      method: 'GET',
      path: '/account',
      headers: { authorization: `Bearer ${user.accessToken}` },
    })
    await run('account_sessions', {
      method: 'GET',
      path: '/account/sessions',
      headers: { authorization: `Bearer ${user.accessToken}` },
    })
    // The ceiling of log-in: the same verifies at the same concurrency, in this process, the
    // app idle, right before the log-in row (the machine's speed drifts over a run).
    const withLogin = (!only || only.has('login')) && (!routeNames || routeNames.includes('login'))
    const verifiesBefore = withLogin ? await measureConcurrentVerifies(connections) : undefined
    const probe = probeEventLoop(`${base}/healthz`)
    await run('login', {
      method: 'POST',
      path: '/login',
      headers: json,
      body: JSON.stringify({ email: 'bench-{i}@example.com', password: PASSWORD }),
      pool: POOL,
    })
    const loginProbe = await probe.stop()
    // And right after it: the mean of both is the ceiling the log-in row is compared with.
    const verifiesAfter = withLogin ? await measureConcurrentVerifies(connections) : undefined
    const rawVerifies = verifiesBefore && verifiesAfter && meanOf(verifiesBefore, verifiesAfter)
    const verifySamples: number[] = []
    if (!only || only.has('login_c1')) verifySamples.push(...(await measureArgon2Verify()))
    await run(
      'login_c1',
      {
        method: 'POST',
        path: '/login',
        headers: json,
        body: JSON.stringify({ email: 'bench-{i}@example.com', password: PASSWORD }),
        pool: POOL,
      },
      1,
    )
    if (!only || only.has('login_c1')) verifySamples.push(...(await measureArgon2Verify()))
    await run('register', {
      method: 'POST',
      path: '/register',
      headers: json,
      body: JSON.stringify({
        email: `new-{n}-${crypto.randomUUID().slice(0, 6)}@example.com`,
        password: PASSWORD,
      }),
    })
    await run('request_password_reset', {
      method: 'POST',
      path: '/request-password-reset',
      headers: json,
      body: JSON.stringify({ email: 'bench-{i}@example.com' }),
      pool: POOL,
    })
    const rss = memoryMb(app.pid)
    const outbox = await outboxCounts(databaseUrl)
    say(`app memory: peak ${rss.peak} MB, now ${rss.current} MB; outbox ${JSON.stringify(outbox)}`)
    return { routes, rssMb: rss.peak, loginProbe, outbox, verifySamples, rawVerifies }
  } finally {
    await stop(app)
    await redis?.stop()
    await stop(smtp)
  }
}

/** A warm-up, then the measured run; the server's CPU time and RSS come from /proc. */
async function measure(
  name: string,
  spec: Omit<LoadSpec, 'connections' | 'durationSeconds' | 'threads'>,
  c: number,
  pid: number,
  restPid?: number,
): Promise<Measured> {
  // Two runs of one register body would collide on {n}: each run gets its own tag.
  const tagged = (s: string | undefined) =>
    s?.replace(/new-\{n\}-[0-9a-f]+/, `new-{n}-${crypto.randomUUID().slice(0, 6)}`)
  if (warmup > 0)
    await runLoad(tool, {
      ...spec,
      body: tagged(spec.body),
      connections: c,
      durationSeconds: warmup,
      threads,
    })
  const cpuBefore = cpuSeconds(pid)
  const loopBefore = cpuSeconds(pid, pid)
  const machineBefore = machineCpuSeconds()
  const restBefore = restPid ? cpuSeconds(restPid) : 0
  const { requests, ...result } = await runLoad(tool, {
    ...spec,
    body: tagged(spec.body),
    connections: c,
    durationSeconds: duration,
    threads,
  })
  // CPU time the server spent per answered request: steadier than requests/s on a shared machine.
  const perRequest = (seconds: number) => (requests ? Math.round((seconds * 1e6) / requests) : 0)
  const cpu_us = perRequest(cpuSeconds(pid) - cpuBefore)
  // The event loop's own thread: what hashing on the thread pool leaves to it.
  const loop_us = perRequest(cpuSeconds(pid, pid) - loopBefore)
  // Every process of the machine (database, mail sink, load generator included): what bounds throughput.
  const machine_us = perRequest(machineCpuSeconds() - machineBefore)
  // With --redis, the Upstash REST server's CPU per request too: it shares the machine.
  const rest_cpu_us =
    restPid && requests
      ? Math.round(((cpuSeconds(restPid) - restBefore) * 1e6) / requests)
      : undefined
  const { current: rss_mb, peak: peak_rss_mb } = memoryMb(pid)
  say(
    `${name.padEnd(24)} ${String(result.rps).padStart(7)} req/s  p50 ${result.p50_ms} ms  p99 ${result.p99_ms} ms  errors ${result.errors}  server CPU ${cpu_us} us/req (event loop ${loop_us})${rest_cpu_us === undefined ? '' : ` (+${rest_cpu_us} REST server)`}  RSS ${rss_mb} MB (peak so far ${peak_rss_mb} MB)  machine CPU ${machine_us} us/req`,
  )
  return {
    ...result,
    cpu_us,
    loop_us,
    machine_us,
    ...(rest_cpu_us !== undefined && { rest_cpu_us }),
    rss_mb,
    peak_rss_mb,
  }
}
type Measured = Omit<LoadResult, 'requests'> & {
  cpu_us: number
  loop_us: number
  machine_us: number
  rest_cpu_us?: number
  rss_mb: number
  peak_rss_mb: number
}

async function startRedisHttp() {
  const port = freePort()
  const token = crypto.randomUUID()
  const log = join(logs, 'redis-http.log')
  const child = track(
    startBun(
      'tools/redis-http/main.ts',
      { REDIS_HTTP_PORT: String(port), REDIS_HTTP_TOKEN: token, REDIS_URL: flags['redis-url'] },
      log,
    ),
  )
  const url = `http://127.0.0.1:${port}`
  await waitFor('Upstash REST server', httpReady(url), child, log)
  return { url, token, pid: child.pid, stop: () => stop(child) }
}

/** Signs up the pool through the API, marks them verified in the database, logs one in. */
async function createUsers(base: string, databaseUrl: string) {
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  for (let i = 0; i < POOL; i += 4) {
    await Promise.all(
      [0, 1, 2, 3]
        .filter((k) => i + k < POOL)
        .map(async (k) => {
          const res = await post('/register', {
            email: `bench-${i + k}@example.com`,
            password: PASSWORD,
          })
          if (res.status !== 201)
            throw new Error(`register failed: ${res.status} ${await res.text()}`)
        }),
    )
  }
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  await sql`update users set is_verified = true where email like 'bench-%'`
  await sql.end()
  const res = await post('/login', { email: 'bench-0@example.com', password: PASSWORD })
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`)
  const accessToken = ((await res.json()) as { access_token: string }).access_token
  const cookie = /session_id=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? ''
  return { accessToken, cookie }
}

/** Sequential GET /healthz while another load runs: if hashing blocked the event loop, this would wait. */
function probeEventLoop(url: string) {
  const times: number[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const t = performance.now()
      await (await fetch(url)).arrayBuffer()
      times.push(performance.now() - t)
      await Bun.sleep(20)
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      const sorted = times.slice(warmupSamples(times.length)).sort((a, b) => a - b)
      return {
        samples: sorted.length,
        p50_ms: round(percentile(sorted, 0.5)),
        p99_ms: round(percentile(sorted, 0.99)),
      }
    },
  }
}
const warmupSamples = (n: number) => Math.floor(n * (warmup / (warmup + duration)))

async function outboxCounts(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  const rows = await sql<
    { status: string; n: number }[]
  >`select status, count(*)::int as n from mail_outbox group by status`
  await sql.end()
  return Object.fromEntries(rows.map((r) => [r.status, r.n]))
}

type Probe = { samples: number; p50_ms: number; p99_ms: number }

function report(r: {
  routes: Record<string, Measured>
  bare?: Measured
  bareRps: number
  verifyMs: number
  rssMb: number
  loginProbe: Probe
  outbox: Record<string, number>
  rawVerifies?: RawVerifies
}) {
  const rows: [string, Measured | undefined][] = [
    ['GET /me (bearer)', r.routes.me_bearer],
    ['GET /me (cookie)', r.routes.me_cookie],
    ['GET /authz (cookie)', r.routes.authz_cookie],
    ['GET /account (bearer)', r.routes.account],
    ['GET /account/sessions (bearer)', r.routes.account_sessions],
    ['GET /me (bearer), Redis over RESP', r.routes.me_bearer_resp],
    ['GET /me (cookie), Redis over RESP', r.routes.me_cookie_resp],
    ['GET /authz (cookie), Redis over RESP', r.routes.authz_cookie_resp],
    ['GET /me (bearer), Redis over REST', r.routes.me_bearer_rest],
    ['GET /me (cookie), Redis over REST', r.routes.me_cookie_rest],
    ['GET /authz (cookie), Redis over REST', r.routes.authz_cookie_rest],
    [`POST /login (c=${connections})`, r.routes.login],
    ['POST /login (c=1)', r.routes.login_c1],
    ['POST /register', r.routes.register],
    ['POST /request-password-reset', r.routes.request_password_reset],
    ['bare Hono JSON (ceiling)', r.bare],
  ]
  const lines = [
    `| route | requests/s | p50 ms | p99 ms | errors | server CPU µs/req | event loop µs/req | machine CPU µs/req |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|`,
    ...rows
      .filter(([, v]) => v)
      .map(
        ([name, v]) =>
          `| ${name} | ${v!.rps} | ${v!.p50_ms} | ${v!.p99_ms} | ${v!.errors} | ${v!.cpu_us} | ${v!.loop_us} | ${v!.machine_us} |`,
      ),
  ]
  const targets = checkTargets(r)
  console.log(
    `\nGatehouse bench: in-memory stores${flags.redis ? ' (GET /me also on Redis over RESP and REST)' : ''}, Postgres, SMTP sink; ${tool}, ${connections} connections, ${duration}s per route\n`,
  )
  console.log(lines.join('\n'))
  console.log(`\nargon2id verify alone: ${r.verifyMs} ms   peak RSS of the app: ${r.rssMb} MB`)
  if (r.rawVerifies)
    console.log(
      `raw argon2id verifies, ${connections} in flight (bench process, app idle; mean of before and after the log-in row): ${r.rawVerifies.rps}/s, p50 ${r.rawVerifies.p50_ms} ms, ${r.rawVerifies.cpu_us} µs CPU each`,
    )
  console.log(
    `GET /healthz during POST /login at c=${connections}: p50 ${r.loginProbe.p50_ms} ms, p99 ${r.loginProbe.p99_ms} ms (${r.loginProbe.samples} samples)`,
  )
  console.log(`mail outbox after the run: ${JSON.stringify(r.outbox)}\n`)
  for (const t of targets) console.log(`${t.ok ? 'PASS' : 'FAIL'}  ${t.name}: ${t.detail}`)
  const json = {
    routes: r.routes,
    baseline: { bare_rps: r.bareRps, bare: r.bare },
    argon2: { verify_ms: r.verifyMs, concurrent: r.rawVerifies },
    rss_mb: r.rssMb,
    stores: flags.redis ? 'memory, and redis (resp, rest) for GET /me' : 'memory',
    mail: 'smtp-sink',
    tool,
    connections,
    duration_s: duration,
    event_loop_probe: r.loginProbe,
    outbox: r.outbox,
    targets: Object.fromEntries(targets.map((t) => [t.key, { ok: t.ok, detail: t.detail }])),
    at: new Date().toISOString(),
  }
  return Bun.write(out, `${JSON.stringify(json, null, 2)}\n`).then(() =>
    console.log(`\nwritten to ${out}`),
  )
}

function checkTargets(r: {
  routes: Record<string, Measured>
  bareRps: number
  verifyMs: number
  rssMb: number
  rawVerifies?: RawVerifies
}) {
  const { me_bearer, login, login_c1, register } = r.routes
  const t: { key: string; name: string; ok: boolean; detail: string }[] = []
  const ratio = (key: string, name: string, a: number, b: number, floor: number) =>
    t.push({ key, name, ok: a >= floor * b, detail: `${a} / ${b} = ${pct(a / b)}` })
  if (me_bearer && r.bareRps)
    ratio('me_bearer_vs_bare', 'GET /me (bearer) >= 40% of bare', me_bearer.rps, r.bareRps, 0.4)
  // Both transports against the in-memory stores of the same run: the machine's drift cancels.
  for (const [transport, floor] of [
    ['resp', 0.6],
    ['rest', 0.35],
  ] as const) {
    const over = r.routes[`me_bearer_${transport}`]
    if (me_bearer && over)
      ratio(
        `me_${transport}_vs_memory`,
        `GET /me (bearer) over ${transport.toUpperCase()} >= ${floor * 100}% of in-memory`,
        over.rps,
        me_bearer.rps,
        floor,
      )
  }
  // Forward auth does what GET /me does, and answers headers instead of a body.
  for (const stores of ['', '_resp', '_rest']) {
    const authz = r.routes[`authz_cookie${stores}`]
    const me = r.routes[`me_cookie${stores}`]
    const where = stores ? ` over ${stores.slice(1).toUpperCase()}` : ', in-memory'
    if (authz && me)
      ratio(
        `authz_vs_me${stores}`,
        `GET /authz within 10% of GET /me (cookie)${where}`,
        authz.rps,
        me.rps,
        0.9,
      )
  }
  if (login && r.rawVerifies)
    ratio(
      'login_vs_raw_verifies',
      `POST /login (c=${connections}) >= 95% of raw argon2id verifies at c=${connections}`,
      login.rps,
      r.rawVerifies.rps,
      0.95,
    )
  if (login_c1)
    t.push({
      key: 'login_c1_vs_verify',
      name: 'POST /login p50 at c=1 within 3 ms of one verify',
      ok: login_c1.p50_ms - r.verifyMs <= 3,
      detail: `${login_c1.p50_ms} - ${r.verifyMs} = ${round(login_c1.p50_ms - r.verifyMs)} ms`,
    })
  if (register && login)
    ratio('register_vs_login', 'POST /register within 10% of /login', register.rps, login.rps, 0.9)
  t.push({
    key: 'rss_under_120',
    name: 'peak RSS under 120 MB (every app of the run)',
    ok: r.rssMb < 120,
    detail: `${r.rssMb} MB`,
  })
  return t
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`
const round = (x: number) => Math.round(x * 100) / 100
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    0.5,
  )
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN

function track(child: Subprocess): Subprocess {
  children.push(child)
  return child
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of children) child.kill('SIGKILL')
    process.exit(130)
  })
}

main()
  .then(() => say('done'))
  .catch(async (error) => {
    console.error(error instanceof Error ? error.message : error)
    for (const child of children) await stop(child)
    process.exit(1)
  })
