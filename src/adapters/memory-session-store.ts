// Development-only sessions in this process's memory; the Upstash store is what instances share.
import type { Clock, SessionData, SessionStore } from '../ports'

export function createMemorySessionStore(clock: Clock): SessionStore {
  const sessions = new Map<string, { data: SessionData; expiresAt: number }>()
  const byUser = new Map<number, Set<string>>()
  const live = (key: string) => {
    const entry = sessions.get(key)
    if (entry && entry.expiresAt <= clock.now().getTime()) {
      sessions.delete(key)
      byUser.get(entry.data.userId)?.delete(key)
      return undefined
    }
    return entry
  }
  return {
    async create(key, data, ttlSeconds) {
      sessions.set(key, { data, expiresAt: clock.now().getTime() + ttlSeconds * 1000 })
      const keys = byUser.get(data.userId) ?? new Set()
      for (const k of keys) live(k)
      byUser.set(data.userId, keys.add(key))
    },
    async touch(key, ttlSeconds) {
      const entry = live(key)
      if (!entry) return null
      entry.expiresAt = clock.now().getTime() + ttlSeconds * 1000
      return entry.data
    },
    async delete(key) {
      const entry = sessions.get(key)
      sessions.delete(key)
      if (entry) byUser.get(entry.data.userId)?.delete(key)
    },
    async deleteAllForUser(userId) {
      for (const key of byUser.get(userId) ?? []) sessions.delete(key)
      byUser.delete(userId)
    },
    async ping() {
      return 'memory'
    },
  }
}
