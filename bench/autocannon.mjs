// autocannon runner for bench/run.ts (used when wrk is not installed); runs under Node.
// argv[2] is a JSON spec: { url, method, path, headers, body, pool, connections, duration }.
// In body, {n} becomes a number unique to this run and {i} cycles through 0..pool-1.
import autocannon from 'autocannon'

const spec = JSON.parse(process.argv[2])
let counter = 0
const dynamic = typeof spec.body === 'string' && /\{[ni]\}/.test(spec.body)
const request = {
  method: spec.method,
  path: spec.path,
  headers: spec.headers,
  body: dynamic ? undefined : spec.body,
}
if (dynamic) {
  request.setupRequest = (req) => {
    counter++
    return {
      ...req,
      body: spec.body
        .replaceAll('{n}', `a${counter}`)
        .replaceAll('{i}', String((counter * 7) % (spec.pool ?? 1))),
    }
  }
}

const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  requests: [request],
})
const errors = result.errors + result.timeouts + result.non2xx
process.stdout.write(
  `BENCH_RESULT ${JSON.stringify({
    requests: result.requests.total,
    duration_us: Math.round(result.duration * 1e6),
    p50_us: Math.round(result.latency.p50 * 1000),
    p99_us: Math.round(result.latency.p99 * 1000),
    errors,
    status_errors: result.non2xx,
  })}\n`,
)
