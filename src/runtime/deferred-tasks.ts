// Deferred work for every runtime: started after the answer, tracked, and never left unhandled.
import { describeError, isMissingTable, MIGRATE_COMMAND } from '../errors'
import type { Defer, Log } from '../ports'

export interface DeferredTasks {
  defer: Defer
  /** Resolves when every deferred task, including those they deferred in turn, has finished. */
  settled(): Promise<void>
}

/**
 * `keepAlive` hands each task to the runtime (waitUntil on Workers) so that it may finish after
 * the response; a task that fails is logged here, in one line without SQL or parameters.
 */
export function createDeferredTasks(
  log: Log,
  keepAlive?: (task: Promise<unknown>) => void,
): DeferredTasks {
  const pending = new Set<Promise<unknown>>()
  const defer: Defer = (task) => {
    const started = typeof task === 'function' ? afterTheAnswer().then(task) : task
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
 */
function afterTheAnswer(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
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
