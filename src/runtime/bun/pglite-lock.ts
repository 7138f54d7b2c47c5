// Who has the embedded PGlite directory open. PGlite takes no lock of its own and a second
// process on the same directory corrupts it, so every opener takes `<dir>.lock` (its pid) and
// the server leaves `<dir>.server`, which tells the command line that this directory is the
// one a server uses. Both lie beside the directory: PGlite's initdb wants it to itself.
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** Why the embedded database cannot be opened here; the message says what to do. */
export class EmbeddedDatabaseError extends Error {}

export type PgliteRole = 'server' | 'cli' | 'migrate'

interface Holder {
  pid: number
  role: PgliteRole
  since: string
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists under another user. Anything else but ESRCH: assume it lives,
    // since taking a live holder's directory is the one mistake that cannot be undone.
    return (error as { code?: string }).code !== 'ESRCH'
  }
}

function readHolder(file: string): Holder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Holder
    return Number.isInteger(holder.pid) ? holder : null
  } catch {
    return null
  }
}

const ROLE_NAMES: Record<PgliteRole, string> = {
  server: 'a gatehouse server',
  cli: 'a gatehouse command',
  migrate: 'a migration',
}

/**
 * Takes the directory for this process, or throws EmbeddedDatabaseError naming the live holder.
 * A lock left by a process that is gone is taken over. Returns the release.
 */
export function lockPgliteDir(dir: string, role: PgliteRole): () => void {
  const path = resolve(dir)
  const lock = `${path}.lock`
  const mine: Holder = { pid: process.pid, role, since: new Date().toISOString() }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(lock, JSON.stringify(mine), { flag: 'wx' })
      break
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error
    }
    const holder = readHolder(lock)
    // Unreadable: another opener is writing it this instant (or crashed doing so). Taking it
    // could put two processes on the directory, so the operator decides.
    if (!holder)
      throw new EmbeddedDatabaseError(
        `${lock} is being written by another process or is damaged: try again, and if no ` +
          'gatehouse process runs, delete it.',
      )
    // The same process opening it again (tests share one database between app instances).
    if (holder.pid === process.pid) return () => {}
    if (alive(holder.pid))
      throw new EmbeddedDatabaseError(
        `the embedded database in ${path} is open in process ${holder.pid} ` +
          `(${ROLE_NAMES[holder.role] ?? holder.role}, since ${holder.since}): PGlite serves ` +
          'one process at a time and a second one would corrupt it. Stop that process first, ' +
          'or use Postgres (DATABASE_URL) to run the server and the command line side by ' +
          `side. (If no such process runs, delete ${lock}.)`,
      )
    try {
      unlinkSync(lock)
    } catch {}
    if (attempt === 2) throw new EmbeddedDatabaseError(`could not take ${lock}`)
  }
  if (role === 'server') writeFileSync(`${path}.server`, JSON.stringify(mine))
  return () => {
    if (readHolder(lock)?.pid !== process.pid) return
    try {
      unlinkSync(lock)
    } catch {}
  }
}

/**
 * The command line reads and changes the server's data: a directory no server has used would
 * be a fresh, empty database answering "no such user" for everyone, so it is refused.
 */
export function assertServerPgliteDir(dir: string): void {
  const path = resolve(dir)
  if (!existsSync(`${path}/PG_VERSION`) || !existsSync(`${path}.server`))
    throw new EmbeddedDatabaseError(
      'DATABASE_URL is not set, and no gatehouse server has used the embedded database in ' +
        `${path} ` +
        '(PGLITE_DIR, default .data/pglite, relative to the current directory): set ' +
        'DATABASE_URL, or PGLITE_DIR, as the server has them.',
    )
}
