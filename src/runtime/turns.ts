// Turns: at most `size` holders at once, the others wait in arrival order (a FIFO semaphore).

export interface Turns {
  /** Resolves when the caller holds a turn (undefined, at once, when one is free). */
  take(): Promise<void> | undefined
  /** Gives a turn back: the longest waiting caller gets it. */
  give(): void
}

export function createTurns(size: number): Turns {
  let free = size
  const waiting: (() => void)[] = []
  return {
    take() {
      if (free > 0) {
        free--
        return undefined
      }
      return new Promise<void>((resolve) => waiting.push(resolve))
    },
    give() {
      const next = waiting.shift()
      if (next) next()
      else free++
    },
  }
}
