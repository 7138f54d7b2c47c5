// Load generator for the redis-http server: `bun test/redis-http/bench.ts [url] [token]`.
// Without a URL it starts the server in this process (load and server then share a core).
import { Redis } from '@upstash/redis'
import { createRedisClient } from '../../src/adapters/upstash-client'
import { createUpstashSessionStore } from '../../src/adapters/upstash-session-store'
import { startRedisHttp } from '../../tools/redis-http/server'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64)

const local = process.argv[2]
  ? null
  : await startRedisHttp({
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      token: 'bench',
    })
const url = process.argv[2] ?? local!.url
const token = process.argv[3] ?? 'bench'
const prefix = `gh-bench-${crypto.randomUUID().slice(0, 8)}`

async function run(
  label: string,
  op: () => Promise<unknown>,
  concurrency = CONCURRENCY,
): Promise<void> {
  let count = 0
  let errors = 0
  const latencies: number[] = []
  const end = performance.now() + SECONDS * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const started = performance.now()
        try {
          await op()
          count++
        } catch {
          errors++
        }
        latencies.push(performance.now() - started)
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(2)
  console.log(
    `${label}: ${Math.round(count / SECONDS)} ops/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, errors ${errors} (concurrency ${concurrency})`,
  )
}

const key = `${prefix}:get`
const raw = new Redis({
  url,
  token,
  enableAutoPipelining: false,
  retry: { retries: 0 },
  enableTelemetry: false,
})
await raw.set(key, 'value', { ex: 300 })
await run('GET, one HTTP request each', () => raw.get(key))

const app = createRedisClient({ url, token, timeoutMs: 1000, RedisClass: Redis })
await run('GET, auto-pipelined client', () => app.get(key))

const store = createUpstashSessionStore(app, prefix)
await store.create(
  'bench-session',
  {
    userId: 1,
    email: 'bench@example.com',
    isActive: true,
    isVerified: true,
    createdAt: Date.now(),
    generation: 0,
    cookieSetAt: Date.now(),
    publicId: 'public-id',
    ip: '10.0.0.1',
    userAgent: 'curl/8.5.0',
    device: 'curl',
    lastSeenAt: 1_700_000_000_000,
  },
  300,
)
await store.touch('bench-session', 300)
await run('session touch, sequential', () => store.touch('bench-session', 300), 1)
await run('session touch, concurrent', () => store.touch('bench-session', 300))

await app.del(key, `${prefix}:session:bench-session`, `${prefix}:user-sessions:1`)
await local?.stop()
