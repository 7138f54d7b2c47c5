// `bun test/workers/measure.ts`: the Workers bundle size, the argon2id cost in workerd and the cost of one login there.
// Needs TEST_DATABASE_URL (and TEST_REDIS_URL for Upstash; without it the isolate's memory stores).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { STRONG_PASSWORD, startStack } from './support/stack'
import { appLog, startWorker } from './support/worker'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const RUNS = 20
const TICK_MS = 10 // USER_HZ = 100 on Linux

/** user+system CPU of the workerd process(es) in wrangler's process group, in ms. */
function workerdCpuMs(pgid: number): number {
  const pids = spawnSync('pgrep', ['-g', String(pgid), 'workerd'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
  return pids.reduce((sum, pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return sum + (Number(fields[11]) + Number(fields[12])) * TICK_MS
  }, 0)
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const round = (x: number) => Math.round(x * 10) / 10

// 1. What `wrangler deploy` would upload: every module, raw and gzipped (wrangler's own "Total Upload" figure).
const out = mkdtempSync(join(tmpdir(), 'gatehouse-bundle-'))
const dry = spawnSync(
  join(ROOT, 'node_modules/.bin/wrangler'),
  ['deploy', '--dry-run', '--outdir', out, '--env', ''],
  {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
  },
)
const modules = readdirSync(out).filter((f) => !f.endsWith('.map') && f !== 'README.md')
const bundle = Object.fromEntries(
  modules.map((f) => [
    f,
    {
      kib: round(statSync(join(out, f)).size / 1024),
      gzipKib: round(gzipSync(readFileSync(join(out, f))).length / 1024),
    },
  ]),
)
const total = /Total Upload: ([\d.]+ KiB) \/ gzip: ([\d.]+ KiB)/.exec(dry.stdout + dry.stderr)
rmSync(out, { recursive: true, force: true })
console.log(
  JSON.stringify(
    { bundle: { total: total ? { raw: total[1], gzip: total[2] } : 'not found', modules: bundle } },
    null,
    2,
  ),
)

// 2. argon2id alone, inside workerd.
const probe = await startWorker({}, { config: 'test/workers/probe/wrangler.toml' })
try {
  await fetch(`${probe.url}/?runs=1`)
  const before = workerdCpuMs(probe.pgid)
  const { hash, verify } = (await (await fetch(`${probe.url}/?runs=${RUNS}`)).json()) as {
    hash: number[]
    verify: number[]
  }
  const cpuPerPair = (workerdCpuMs(probe.pgid) - before) / RUNS
  console.log(
    JSON.stringify({
      argon2InWorkerd: {
        runs: RUNS,
        cpuMsPerHashPlusVerify: round(cpuPerPair),
        inWorkerHashMedianMs: round(median(hash)),
        inWorkerVerifyMedianMs: round(median(verify)),
        inWorkerVerifyMinMs: round(Math.min(...verify)),
      },
    }),
  )
} finally {
  await probe.stop()
}

// 3. A whole login (rate-limit peek, user lookup, argon2 verify, session in Redis, JWT) as the app times it.
const stack = await startStack({ RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '100000' })
try {
  const t = stack.client()
  const { email } = await t.signUp()
  await t.json('POST', '/login', { email, password: STRONG_PASSWORD })
  let before = workerdCpuMs(stack.worker.pgid)
  for (let i = 0; i < RUNS; i++) await t.json('GET', '/healthz')
  const cpuPerHealthz = (workerdCpuMs(stack.worker.pgid) - before) / RUNS
  const wall: number[] = []
  before = workerdCpuMs(stack.worker.pgid)
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    const res = await t.json('POST', '/login', { email, password: STRONG_PASSWORD })
    wall.push(performance.now() - started)
    if (res.status !== 200) throw new Error(`login answered ${res.status}`)
  }
  const cpuPerLogin = (workerdCpuMs(stack.worker.pgid) - before) / RUNS
  await Bun.sleep(300)
  const logged = appLog(stack.worker)
    .filter((l) => l.event === 'http' && l.path === '/login')
    .slice(-RUNS)
    .map((l) => Number(l.ms))
  console.log(
    JSON.stringify({
      loginInWorkerd: {
        runs: RUNS,
        cpuMsPerLogin: round(cpuPerLogin),
        cpuMsPerHealthz: round(cpuPerHealthz),
        appLoggedMedianMs: round(median(logged)),
        clientWallMedianMs: round(median(wall)),
      },
    }),
  )
} finally {
  await stack.stop()
}
