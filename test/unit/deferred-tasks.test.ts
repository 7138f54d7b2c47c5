import { expect, test } from 'bun:test'
import { createJsonLog } from '../../src/adapters/json-log'
import { createDeferredTasks } from '../../src/runtime/deferred-tasks'

const captured = () => {
  const lines: Record<string, unknown>[] = []
  return { lines, log: createJsonLog((line) => lines.push(JSON.parse(line))) }
}

test('deferred functions run a few at a time, every one of them, after the answer', async () => {
  const { log } = captured()
  const { defer, settled } = createDeferredTasks(log, undefined, { running: 3, waiting: 100 })
  let running = 0
  let most = 0
  const done: number[] = []
  for (let i = 0; i < 20; i++)
    defer(async () => {
      running++
      most = Math.max(most, running)
      await Bun.sleep(2)
      running--
      done.push(i)
    })
  // Nothing starts in the turn that deferred it.
  expect(done).toEqual([])
  expect(running).toBe(0)
  await settled()
  expect(most).toBe(3)
  expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i))
})

test('past the waiting bound new functions are dropped, logged once per thousand', async () => {
  const { lines, log } = captured()
  const { defer, settled } = createDeferredTasks(log, undefined, { running: 1, waiting: 5 })
  let ran = 0
  for (let i = 0; i < 1010; i++)
    defer(async () => {
      ran++
    })
  await settled()
  expect(ran).toBe(5)
  const drops = lines.filter((l) => l.event === 'deferred_task_dropped')
  expect(drops.map((l) => l.dropped)).toEqual([1, 1001])
  // Once the backlog is gone, new work is taken again.
  defer(async () => {
    ran++
  })
  await settled()
  expect(ran).toBe(6)
})

test('a failing or throwing function is logged and gives its turn back', async () => {
  const { lines, log } = captured()
  const { defer, settled } = createDeferredTasks(log, undefined, { running: 1, waiting: 10 })
  defer(() => {
    throw new Error('boom')
  })
  defer(async () => {
    throw new Error('bang')
  })
  let after = false
  defer(async () => {
    after = true
  })
  await settled()
  expect(after).toBe(true)
  expect(lines.filter((l) => l.event === 'deferred_task_failed')).toHaveLength(2)
})

test('spreadMs starts the function at a random moment within that long', async () => {
  const { log } = captured()
  const { defer, settled } = createDeferredTasks(log)
  const started = performance.now()
  const delays: number[] = []
  for (let i = 0; i < 8; i++)
    defer(
      async () => {
        delays.push(performance.now() - started)
      },
      { spreadMs: 40 },
    )
  await settled()
  expect(delays).toHaveLength(8)
  // Timers are not exact; the spread shows as different start times within the bound.
  expect(Math.max(...delays)).toBeLessThan(40 + 50)
  expect(new Set(delays.map((d) => Math.round(d))).size).toBeGreaterThan(1)
})
