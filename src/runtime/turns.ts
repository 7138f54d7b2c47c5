// Turns: at most `size` holders at once, the others wait in arrival order (a FIFO semaphore).

export interface Turns {
  /** Resolves when the caller holds a turn (undefined, at once, when one is free). */
  take(): Promise<void> | undefined
  /** Gives a turn back: the longest waiting caller gets it. */
  give(): void
  /** Runs `work` in a turn, and gives the turn back however it ends. */
  run<T>(work: () => Promise<T>): Promise<T>
}

export function createTurns(size: number): Turns {
  let free = size
  const waiting: (() => void)[] = []
  const take = () => {
    if (free > 0) {
      free--
      return undefined
    }
    return new Promise<void>((resolve) => waiting.push(resolve))
  }
  const give = () => {
    const next = waiting.shift()
    if (next) next()
    else free++
  }
  return {
    take,
    give,
    async run(work) {
      await take()
      try {
        return await work()
      } finally {
        give()
      }
    },
  }
}
