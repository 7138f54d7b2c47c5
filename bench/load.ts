// One load run against one route, with wrk when it is installed, else autocannon (under Node).
import { fileURLToPath } from 'node:url'

export interface LoadSpec {
  url: string
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  /** {n} becomes a number unique to the run, {i} cycles through 0..pool-1. */
  body?: string
  pool?: number
  connections: number
  durationSeconds: number
  /** wrk threads (capped at connections). */
  threads: number
}

export interface LoadResult {
  requests: number
  rps: number
  p50_ms: number
  p99_ms: number
  errors: number
}

export type Tool = 'wrk' | 'autocannon'

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url))

export function detectTool(wanted?: string): Tool {
  if (wanted === 'wrk' || wanted === 'autocannon') return wanted
  if (wanted) throw new Error(`--tool must be wrk or autocannon, not ${wanted}`)
  return Bun.which('wrk') ? 'wrk' : 'autocannon'
}

export async function runLoad(tool: Tool, spec: LoadSpec): Promise<LoadResult> {
  const cmd =
    tool === 'wrk'
      ? [
          'wrk',
          `-t${Math.min(spec.threads, spec.connections)}`,
          `-c${spec.connections}`,
          `-d${spec.durationSeconds}s`,
          '--timeout',
          '10s',
          '-s',
          here('wrk.lua'),
          spec.url,
        ]
      : [
          nodeBinary(),
          here('autocannon.mjs'),
          JSON.stringify({ ...spec, duration: spec.durationSeconds }),
        ]
  const env = {
    ...process.env,
    BENCH_METHOD: spec.method,
    BENCH_PATH: spec.path,
    BENCH_HEADERS: Object.entries(spec.headers ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
    BENCH_POOL: String(spec.pool ?? 1),
    ...(spec.body !== undefined && { BENCH_BODY: spec.body }),
  }
  const child = Bun.spawn(cmd, { env, stdout: 'pipe', stderr: 'pipe' })
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ])
  const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '))
  if (code !== 0 || !line)
    throw new Error(`${tool} failed (exit ${code}): ${err.trim() || out.trim()}`)
  const r = JSON.parse(line.slice('BENCH_RESULT '.length)) as {
    requests: number
    duration_us: number
    p50_us: number
    p99_us: number
    errors: number
  }
  return {
    requests: r.requests,
    rps: Math.round(r.requests / (r.duration_us / 1e6)),
    p50_ms: Math.round(r.p50_us / 10) / 100,
    p99_ms: Math.round(r.p99_us / 10) / 100,
    errors: r.errors,
  }
}

function nodeBinary(): string {
  const node = Bun.which('node')
  if (!node) throw new Error('autocannon needs Node on the PATH (or install wrk)')
  return node
}
