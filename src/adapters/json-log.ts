// Structured log lines (one JSON object each) on the console; callers never pass secrets.
import type { Log, LogFields } from '../ports'

export function createJsonLog(write: (line: string) => void = (line) => console.log(line)): Log {
  const emit = (level: string, event: string, fields?: LogFields) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }))
  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  }
}
