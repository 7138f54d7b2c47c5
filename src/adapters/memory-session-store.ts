// Development-only sessions in this process's memory; the Upstash store is what instances share.
import type { Clock, SessionData, SessionStampField, SessionStore, UserId } from '../ports'

export function createMemorySessionStore(clock: Clock): SessionStore {
  const sessions = new Map<string, { data: SessionData; expiresAt: number }>()
  const byUser = new Map<UserId, Set<string>>()
  // Never expire here: one number per user who was ever revoked, for the life of the process.
  const generations = new Map<UserId, number>()
  const generationOf = (userId: UserId) => generations.get(userId) ?? 0

  const drop = (key: string) => {
    const entry = sessions.get(key)
    sessions.delete(key)
    if (entry) byUser.get(entry.data.userId)?.delete(key)
  }
  const live = (key: string) => {
    const entry = sessions.get(key)
    if (!entry) return undefined
    if (
      entry.expiresAt <= clock.now().getTime() ||
      entry.data.generation !== generationOf(entry.data.userId)
    ) {
      drop(key)
      return undefined
    }
    return entry
  }

  return {
    async generation(userId) {
      return generationOf(userId)
    },
    async create(key, data, ttlSeconds) {
      if (data.generation !== generationOf(data.userId)) return false
      sessions.set(key, { data: { ...data }, expiresAt: clock.now().getTime() + ttlSeconds * 1000 })
      const keys = byUser.get(data.userId) ?? new Set()
      for (const k of keys) live(k)
      byUser.set(data.userId, keys.add(key))
      return true
    },
    async touch(key, ttlSeconds, stamps) {
      const entry = live(key)
      if (!entry) return null
      entry.expiresAt = clock.now().getTime() + ttlSeconds * 1000
      const stamped: SessionStampField[] = []
      for (const field of Object.keys(stamps?.before ?? {}) as SessionStampField[]) {
        if ((entry.data[field] ?? 0) >= stamps!.before[field]!) continue
        entry.data[field] = stamps!.now
        stamped.push(field)
      }
      return { session: { ...entry.data }, stamped }
    },
    async delete(key) {
      drop(key)
    },
    async revokeUser(userId, options = {}) {
      const generation = generationOf(userId) + 1
      generations.set(userId, generation)
      let ended = 0
      for (const key of [...(byUser.get(userId) ?? [])]) {
        const entry = sessions.get(key)
        const current = entry && entry.expiresAt > clock.now().getTime()
        if (key === options.keep && current && entry.data.generation === generation - 1) {
          entry.data = { ...entry.data, ...options.patch, generation }
          continue
        }
        if (current) ended++
        drop(key)
      }
      return ended
    },
    async listUser(userId) {
      return [...(byUser.get(userId) ?? [])].flatMap((key) => {
        const entry = live(key)
        return entry ? [{ key, session: { ...entry.data } }] : []
      })
    },
    async ping() {
      return 'memory'
    },
  }
}
