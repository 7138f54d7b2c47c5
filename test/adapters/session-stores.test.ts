// The SessionStore contract, on the memory store and on Redis through the Upstash protocol: revocation by generation.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createMemorySessionStore } from '../../src/adapters/memory-session-store'
import { createUpstashSessionStore } from '../../src/adapters/upstash-session-store'
import type { SessionData, SessionStore } from '../../src/ports'
import { TestClock } from '../support/app'
import { startTestRedis, type TestRedis } from '../support/redis-http'

/** What touch found (stamps applied), without which fields it stamped. */
const seen = (s: SessionStore, ...args: Parameters<SessionStore['touch']>) =>
  s.touch(...args).then((t) => t?.session ?? null)

let redis: TestRedis | null = null
beforeAll(async () => {
  redis = await startTestRedis()
})
afterAll(async () => {
  await redis?.cleanup()
})

const kinds: [string, () => SessionStore][] = [
  ['memory', () => createMemorySessionStore(new TestClock())],
  ['upstash', () => createUpstashSessionStore(redis!.redis, `${redis!.prefix}:${Math.random()}`)],
]

let nextUser = 5000
const session = (userId: number, generation = 0): SessionData => ({
  userId,
  email: `user${userId}@example.com`,
  isActive: true,
  isVerified: true,
  createdAt: 1_700_000_000_000,
  generation,
  cookieSetAt: 1_700_000_000_000,
  publicId: 'public-id',
  ip: '10.0.0.1',
  userAgent: 'curl/8.5.0',
  device: 'curl',
  lastSeenAt: 1_700_000_000_000,
})

for (const [kind, make] of kinds) {
  describe.skipIf(kind === 'upstash' && !process.env.TEST_REDIS_URL)(
    `${kind} session store`,
    () => {
      let store: SessionStore
      beforeAll(() => {
        store = make()
      })

      test('each revocation moves the generation on; other users keep theirs', async () => {
        const user = nextUser++
        const other = nextUser++
        expect(await store.generation(user)).toBe(0)
        await store.revokeUser(user)
        await store.revokeUser(user)
        expect(await store.generation(user)).toBe(2)
        expect(await store.generation(other)).toBe(0)
      })

      test('a log-in that read the generation before a revocation cannot create its session after it', async () => {
        const user = nextUser++
        const readBefore = await store.generation(user)
        await store.create('live-before', session(user, readBefore), 60)
        expect(await store.revokeUser(user)).toBe(1)
        expect(await store.create('in-flight', session(user, readBefore), 60)).toBe(false)
        expect(await seen(store, 'in-flight', 60)).toBeNull()
        expect(await seen(store, 'live-before', 60)).toBeNull()
        // A log-in that starts afterwards is fine.
        const readAfter = await store.generation(user)
        expect(await store.create('after', session(user, readAfter), 60)).toBe(true)
        expect(await seen(store, 'after', 60)).toMatchObject({
          userId: user,
          generation: readAfter,
        })
      })

      test('revokeUser counts the sessions it ended and keeps the one asked for', async () => {
        const user = nextUser++
        const bob = nextUser++
        for (const key of ['k1', 'k2', 'k3', 'mine']) await store.create(key, session(user), 60)
        await store.create('bob', session(bob), 60)
        await store.delete('k3')
        // Another user's session key is not theirs to keep.
        expect(await store.revokeUser(user, { keep: 'bob' })).toBe(3)
        expect(await seen(store, 'bob', 60)).toMatchObject({ userId: bob })
        expect(await store.revokeUser(bob, { keep: 'mine' })).toBe(1)

        for (const key of ['k1', 'k2', 'k3', 'mine']) await store.create(key, session(user, 1), 60)
        expect(await store.revokeUser(user, { keep: 'mine' })).toBe(3)
        for (const key of ['k1', 'k2', 'k3']) expect(await seen(store, key, 60)).toBeNull()
        expect(await seen(store, 'mine', 60)).toMatchObject({ userId: user, generation: 2 })
        // The kept session is an ordinary one of the new generation: the next revocation ends it.
        expect(await store.revokeUser(user)).toBe(1)
        expect(await seen(store, 'mine', 60)).toBeNull()
      })

      test('touch stamps a field with now only when it is below its threshold', async () => {
        const user = nextUser++
        const data = session(user)
        await store.create('stamp', data, 60)
        const early = { now: data.cookieSetAt + 100, before: { cookieSetAt: data.cookieSetAt } }
        expect(await store.touch('stamp', 60, early)).toEqual({ session: data, stamped: [] })
        const due = { now: data.cookieSetAt + 200, before: { cookieSetAt: data.cookieSetAt + 1 } }
        expect(await store.touch('stamp', 60, due)).toEqual({
          session: { ...data, cookieSetAt: due.now },
          stamped: ['cookieSetAt'],
        })
        // Stamped once: a second touch with the same threshold finds it done.
        expect(await store.touch('stamp', 60, due)).toEqual({
          session: { ...data, cookieSetAt: due.now },
          stamped: [],
        })
        expect(await seen(store, 'stamp', 60)).toEqual({ ...data, cookieSetAt: due.now })
      })

      test('a deleted session is gone; deleting an unknown one is no error', async () => {
        const user = nextUser++
        await store.create('gone', session(user), 60)
        await store.delete('gone')
        await store.delete('never-was')
        expect(await seen(store, 'gone', 60)).toBeNull()
        expect(await store.revokeUser(user)).toBe(0)
      })
    },
  )
}
