// SessionStore on Redis over the Upstash REST protocol: one key per session, one set per user.
import type { Redis } from '@upstash/redis'
import type { SessionData, SessionStore, UserId } from '../ports'

// Renews the session and its user's index in one atomic round trip. The index must never
// expire before a session it lists, or deleteAllForUser (password reset) would miss it:
// so every TTL given to a session is also given to the index, if longer (GT).
// The user id is read from the JSON this adapter wrote: `"userId":<digits>` appears once,
// unescaped, because JSON.stringify escapes any quote inside the email.
const TOUCH_SCRIPT = `
local value = redis.call('GETEX', KEYS[1], 'EX', ARGV[1])
if not value then return false end
local userId = string.match(value, '"userId":(%d+)')
if userId then redis.call('EXPIRE', ARGV[2] .. userId, ARGV[1], 'GT') end
return value
`

// Atomic, so a session created concurrently is either deleted here or indexed after the
// set was emptied (and then alive on purpose); it is never left out of both.
const DELETE_ALL_SCRIPT = `
local keys = redis.call('SMEMBERS', KEYS[1])
for _, key in ipairs(keys) do redis.call('DEL', ARGV[1] .. key) end
redis.call('DEL', KEYS[1])
return #keys
`

export function createUpstashSessionStore(redis: Redis, prefix: string): SessionStore {
  const sessionPrefix = `${prefix}:session:`
  const userPrefix = `${prefix}:user-sessions:`
  const touchScript = redis.createScript<string | SessionData | null>(TOUCH_SCRIPT)
  const deleteAllScript = redis.createScript<number>(DELETE_ALL_SCRIPT)

  return {
    async create(key, data, ttlSeconds) {
      const userKey = userPrefix + data.userId
      // One transaction: a session is never visible without being in its user's index.
      await redis
        .multi()
        .set(sessionPrefix + key, serialize(data), { ex: ttlSeconds })
        .sadd(userKey, key)
        .expire(userKey, ttlSeconds, 'NX')
        .expire(userKey, ttlSeconds, 'GT')
        .exec()
    },

    async touch(key, ttlSeconds) {
      const value = await touchScript.exec([sessionPrefix + key], [String(ttlSeconds), userPrefix])
      return value === null ? null : parse(value)
    },

    async delete(key) {
      // The index keeps a stale member until it expires; deleteAllForUser ignores it.
      await redis.del(sessionPrefix + key)
    },

    async deleteAllForUser(userId: UserId) {
      await deleteAllScript.exec([userPrefix + userId], [sessionPrefix])
    },

    async ping() {
      const answer = await redis.ping()
      if (answer !== 'PONG') throw new Error(`unexpected answer to PING: ${String(answer)}`)
      return 'ok'
    },
  }
}

// A fixed field order and only the known fields, whatever object the caller passed.
function serialize(data: SessionData): string {
  const { userId, email, isActive, isVerified, createdAt } = data
  return JSON.stringify({ userId, email, isActive, isVerified, createdAt })
}

// @upstash/redis already parses JSON replies; a string means it could not.
function parse(value: string | SessionData): SessionData {
  return typeof value === 'string' ? (JSON.parse(value) as SessionData) : value
}
