// Deferred work for every runtime: started after the answer, tracked, and never left unhandled.
import { describeError, isMissingTable, MIGRATE_COMMAND } from '../errors'
import type { Defer, Log } from '../ports'
import { createTurns } from './turns'

export interface DeferredTasks {
  defer: Defer
  /** Resolves when every deferred task, including those they deferred in turn, has finished. */
  settled(): Promise<void>
}

export interface DeferredLimits {
  /** Functions running at once; the others wait their turn. */
  running: number
  /** Functions waiting for a turn; past this many, a new one is dropped (and logged). */
  waiting: number
}

/**
 * Why a bound: a function is the work a request leaves behind (a reset link: lookup, outbox
 * write, mail), several round trips each. A flood of such requests (within the rate limits,
 * from many addresses) answers faster than its work can be done; unbounded, every request's
 * work would run at once and hold its queries, promises and mail in memory (a backlog of
 * 100k reset requests took 790 MB). Waiting, one costs a closure; past `waiting`, the answer
 * was already the same for every email, and the user can ask again.
 */
export const DEFERRED_LIMITS: DeferredLimits = { running: 8, waiting: 10_000 }

/**
 * `keepAlive` hands each task to the runtime (waitUntil on Workers) so that it may finish after
 * the response; a task that fails is logged here, in one line without SQL or parameters.
 */
export function createDeferredTasks(
  log: Log,
  keepAlive?: (task: Promise<unknown>) => void,
  limits: DeferredLimits = DEFERRED_LIMITS,
): DeferredTasks {
  const pending = new Set<Promise<unknown>>()
  const turns = createTurns(limits.running)
  // Accepted functions that have not started yet (in their spread delay, or waiting a turn).
  let backlog = 0
  let dropped = 0
  const defer: Defer = (task, options) => {
    let started: Promise<unknown>
    if (typeof task === 'function') {
      if (backlog >= limits.waiting) {
        // One line per thousand: a flood must not turn into a flood of log lines.
        if (dropped++ % 1000 === 0) log.warn('deferred_task_dropped', { waiting: backlog, dropped })
        return
      }
      backlog++
      started = afterTheAnswer(options?.spreadMs)
        .then(turns.take)
        .then(() => {
          backlog--
          return Promise.resolve().then(task).finally(turns.give)
        })
    } else started = task
    const tracked = started
      .catch((error) => logFailure(log, error))
      .finally(() => pending.delete(tracked))
    pending.add(tracked)
    keepAlive?.(tracked)
  }
  return {
    defer,
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending])
    },
  }
}

/**
 * A timer fires only once the microtasks have run, and the handler's response is handed to the
 * runtime in those: so the task starts after the answer is out, even on an in-process database
 * (PGlite), whose queries would otherwise run to the end before a single byte is written.
 * With `spreadMs`, at a uniformly random moment within that long after the answer.
 */
function afterTheAnswer(spreadMs = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * spreadMs))
}

function logFailure(log: Log, error: unknown) {
  if (isMissingTable(error)) {
    log.error('database_not_migrated', {
      message: `the database schema is older than the code: run ${MIGRATE_COMMAND}`,
    })
    return
  }
  log.error('deferred_task_failed', { error: describeError(error) })
}
