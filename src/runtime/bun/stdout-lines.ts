// Log lines to stdout, written a batch at a time instead of once per line.
import { writeSync } from 'node:fs'

/** How long a line may wait for the lines after it. */
const BATCH_MS = 10

/**
 * Under load a server logs thousands of lines a second (the access log), and a write
 * system call per line cost ~10% of a GET /me; one per event-loop turn still cost ~10% of
 * it on a busy machine, where a turn holds a few requests. Lines wait at most BATCH_MS;
 * whatever is pending when the process exits is written then.
 */
export function stdoutLines(): (line: string) => void {
  let pending: string[] = []
  const flush = () => {
    if (pending.length === 0) return
    const text = `${pending.join('\n')}\n`
    pending = []
    writeSync(1, text)
  }
  process.on('exit', flush)
  return (line) => {
    // A timer that keeps no process alive: the exit handler writes what is left.
    if (pending.length === 0) setTimeout(flush, BATCH_MS).unref()
    pending.push(line)
  }
}
