// Log lines to stdout, written once per event-loop turn instead of once per line.
import { writeSync } from 'node:fs'

/**
 * Under load a server logs thousands of lines a second (the access log), and a write
 * system call per line cost ~10% of a GET /me. Lines wait at most until the end of the
 * current turn; whatever is pending when the process exits is written then.
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
    if (pending.length === 0) setImmediate(flush)
    pending.push(line)
  }
}
