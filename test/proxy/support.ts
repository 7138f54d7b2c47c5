// Real proxies in front of a real Gatehouse: the README's own nginx and Caddy configurations,
// extracted from README.md, run as child processes on free loopback ports in a temp prefix, with
// Gatehouse mounted under /auth on Bun.serve and a tiny upstream that echoes what it received.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestApp, type TestApp } from '../support/app'
import type { FlowClient } from '../support/client'
import { jsonCall } from '../support/client'
import { freePort } from '../support/own-redis'
import { readmeConfig } from '../support/readme'

export { freePort }

/** Replaces each README address by the test's; one that no longer occurs is an error. */
export function substitute(text: string, replacements: Array<[string, string]>): string {
  let out = text
  for (const [from, to] of replacements) {
    if (!out.includes(from)) throw new Error(`the README configuration no longer has "${from}"`)
    out = out.replaceAll(from, to)
  }
  return out
}

/** The README's addresses: Gatehouse on 3000, the product on 8000, mounted under /auth. */
export const README_GATEHOUSE = '127.0.0.1:3000'
export const README_PRODUCT = '127.0.0.1:8000'

export interface EchoedRequest {
  method: string
  path: string
  headers: Record<string, string>
}

/** The product: answers 200 with JSON of the request it received, and remembers each one. */
export function startEchoUpstream() {
  const received: EchoedRequest[] = []
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(request) {
      const url = new URL(request.url)
      const echoed = {
        method: request.method,
        path: url.pathname + url.search,
        headers: Object.fromEntries(request.headers),
      }
      received.push(echoed)
      return Response.json(echoed)
    },
  })
  return { port: server.port as number, received, stop: () => server.stop(true) }
}

export interface ListeningGatehouse {
  t: TestApp
  port: number
  /** Closes the socket only: Gatehouse is unreachable, as when its process is down. */
  unplug(): Promise<void>
  stop(): Promise<void>
}

/** A test app (the shared database, SMTP and Redis of test/support/app.ts) on a real socket. */
export async function listenGatehouse(env: Record<string, string>): Promise<ListeningGatehouse> {
  const t = await createTestApp({ env })
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: (request, srv) => t.app.fetch(request, { server: srv }),
  })
  return {
    t,
    port: server.port as number,
    unplug: () => server.stop(true),
    async stop() {
      await server.stop(true)
      await t.close()
    },
  }
}

/** Talks to Gatehouse as a browser's scripts would: through the proxy, under /auth. */
export function clientThrough(base: string, t: TestApp): FlowClient {
  const request = (path: string, init?: RequestInit) =>
    fetch(`${base}${path}`, { redirect: 'manual', ...init })
  return {
    request,
    json: (method, path, body) => jsonCall((init) => request(path, init), method, body),
    mail: (to, subject) => t.mail(to, subject),
  }
}

export interface RunningProxy {
  url: string
  /** What the proxy wrote to stderr and its error log, for failure messages. */
  output(): string
  stop(): Promise<void>
}

/** Resolves once something accepts connections on the port; fails if the child exits first. */
async function waitForPort(port: number, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => resolve(socket.end() && true))
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await Bun.sleep(50)
  }
  throw new Error(`nothing listened on ${port} within 15 s:\n${output()}`)
}

async function startChild(
  command: string,
  args: string[],
  port: number,
  dir: string,
  env: Record<string, string> = {},
  logFile?: string,
): Promise<RunningProxy> {
  let stderr = ''
  const child = spawn(command, args, {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d) => {
    stderr += d
  })
  child.stderr?.on('data', (d) => {
    stderr += d
  })
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve)
    child.once('error', reject)
  })
  const output = () => {
    let log = ''
    try {
      if (logFile) log = readFileSync(logFile, 'utf8')
    } catch {}
    return `${stderr}${log}`
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    // Only the process this test started, by its own handle.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await Promise.race([exited, Bun.sleep(5000)])
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await spawned
    await waitForPort(port, child, output)
  } catch (error) {
    await stop()
    throw new Error(`${command} did not start: ${(error as Error).message}`)
  }
  return { url: `http://127.0.0.1:${port}`, output, stop }
}

/**
 * Debian's nginx with the README's server block inside a minimal main configuration: no
 * daemon, pid, logs and temp files in a fresh prefix, so it needs no root and no /etc/nginx.
 */
export async function startNginx(port: number, gatehouse: number, product: number) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-nginx-'))
  const server = substitute(readmeConfig('nginx'), [
    ['listen 80;', `listen 127.0.0.1:${port};`],
    [README_GATEHOUSE, `127.0.0.1:${gatehouse}`],
    [README_PRODUCT, `127.0.0.1:${product}`],
  ])
  const errorLog = join(dir, 'error.log')
  const conf = `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${errorLog} warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
${server}
}
`
  await Bun.write(join(dir, 'nginx.conf'), conf)
  return startChild(
    '/usr/sbin/nginx',
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', errorLog],
    port,
    dir,
    {},
    errorLog,
  )
}

/** Debian's Caddy with the README's site: no admin endpoint, no HTTPS, state in a temp dir. */
export async function startCaddy(port: number, gatehouse: number, product: number) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-caddy-'))
  const site = substitute(readmeConfig('caddy'), [
    ['example.com {', `http://127.0.0.1:${port} {`],
    [README_GATEHOUSE, `127.0.0.1:${gatehouse}`],
    [README_PRODUCT, `127.0.0.1:${product}`],
  ])
  const conf = `{\n\tadmin off\n\tauto_https off\n\tstorage file_system ${dir}/data\n}\n\n${site}`
  await Bun.write(join(dir, 'Caddyfile'), conf)
  return startChild(
    '/usr/bin/caddy',
    ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'],
    port,
    dir,
    { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data') },
  )
}
