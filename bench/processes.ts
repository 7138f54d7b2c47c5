// Child processes of the bench: spawn, wait until ready, sample memory, stop.
import { openSync, readFileSync } from 'node:fs'
import type { Subprocess } from 'bun'

export const ROOT = new URL('..', import.meta.url).pathname

export function freePort(): number {
  const listener = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  const port = listener.port
  listener.stop(true)
  return port
}

/** Starts `bun <script>` from the project root (so bunfig.toml's preload applies), output to a file. */
export function startBun(
  script: string,
  env: Record<string, string | undefined>,
  logFile: string,
  flags: string[] = [],
): Subprocess {
  const fd = openSync(logFile, 'w')
  return Bun.spawn([process.execPath, ...flags, script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdout: fd,
    stderr: fd,
  })
}

export async function waitFor(
  what: string,
  ready: () => Promise<boolean>,
  child: Subprocess,
  logFile: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${what} exited (${child.exitCode}):\n${tail(logFile)}`)
    if (await ready().catch(() => false)) return
    await Bun.sleep(50)
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms:\n${tail(logFile)}`)
}

export const httpReady = (url: string) => async () => (await fetch(url)).status < 500

export async function tcpReady(port: number): Promise<boolean> {
  const socket = await Bun.connect({ hostname: '127.0.0.1', port, socket: { data() {} } })
  socket.end()
  return true
}

/** Peak resident set (VmHWM) and current (VmRSS) of a process, in MB. */
export function memoryMb(pid: number): { peak: number; current: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0)
  return {
    peak: Math.round(kb('VmHWM') / 102.4) / 10,
    current: Math.round(kb('VmRSS') / 102.4) / 10,
  }
}

/** CPU seconds (user + system, every thread) a process has used so far. */
/** User + system CPU of a process (every thread), or with `thread` of that one thread only. */
export function cpuSeconds(pid: number, thread?: number): number {
  const stat = readFileSync(
    thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`,
    'utf8',
  )
  // Fields after the command name (which may hold spaces) start at state, field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}
const CLOCK_TICKS = 100

/** CPU time every process of this machine has used (user, nice, system, irq, softirq), in seconds. */
export function machineCpuSeconds(): number {
  const [user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number)
  return (user! + nice! + system! + irq! + softirq!) / CLOCK_TICKS
}

export async function stop(child: Subprocess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return
  child.kill('SIGTERM')
  const exited = await Promise.race([
    child.exited.then(() => true),
    Bun.sleep(5000).then(() => false),
  ])
  if (!exited) child.kill('SIGKILL')
}

export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}
