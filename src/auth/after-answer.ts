// Work that must not be timed with the answer: started after it, at a random moment.
import type { Deps } from '../deps'

/** The deferred work starts at a uniformly random moment this long after the answer. */
export const SPREAD_MS = 100

/**
 * Runs `work` after the answer has gone out (deps.defer), so the answer's timing cannot depend
 * on it. Why the random start: a known email's work (an outbox write, the mail) costs this
 * process a few milliseconds that an unknown one's does not; begun at once, it would slow the
 * very next request, so a client sending a probe right after its own request could tell the two
 * apart. Spread over SPREAD_MS, that cost falls on whichever requests happen to be running.
 */
export function deferAfterAnswer(deps: Deps, work: () => Promise<void>): void {
  deps.defer(work, { spreadMs: SPREAD_MS })
}
