// SessionStore on Redis (Upstash REST): a key per session; a set and a generation per user.
import type { Redis } from '@upstash/redis'
import type { SessionData, SessionStampField, SessionStamps, SessionStore, UserId } from '../ports'

/**
 * Keys a user's sessions depend on must outlive them: the index (so a revocation finds every
 * session to delete) and the generation (so a session is never judged against a lost one).
 * Every TTL given to a session is also given to both, if longer; a key without a TTL (a set
 * just created) gets it. A missing key is left missing.
 */
const OUTLIVE = `
local function outlive(key, ttl)
  local left = redis.call('TTL', key)
  if left == -1 or (left >= 0 and left < tonumber(ttl)) then redis.call('EXPIRE', key, ttl) end
end
`

// KEYS: session, user index, user generation. ARGV: JSON, TTL, the generation the log-in
// read before it read the password hash, the session key (index member).
// Refuses when a revocation moved the generation on since then: that log-in checked a
// password (or an is_active) that may no longer be the account's.
const CREATE = `${OUTLIVE}
if tonumber(redis.call('GET', KEYS[3]) or '0') ~= tonumber(ARGV[3]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[4])
outlive(KEYS[2], ARGV[2])
outlive(KEYS[3], ARGV[2])
return 1
`

// KEYS: session. ARGV: TTL, index prefix, generation prefix, now, then (field, threshold)
// pairs: a field below its threshold is set to now. One atomic round trip renews the session,
// checks it against its user's generation (a stale one is deleted: revoked), and rewrites
// the JSON only when a stamp is due. Answers the JSON, then the names of the fields stamped.
// The user id comes from the JSON this adapter wrote, by cjson, so no email can imitate it.
// cjson writes numbers with 14 significant digits: millisecond times need 13.
const TOUCH = `${OUTLIVE}
local value = redis.call('GET', KEYS[1])
if not value then return false end
local session = cjson.decode(value)
local userId = string.format('%d', session.userId)
local generationKey = ARGV[3] .. userId
local current = tonumber(redis.call('GET', generationKey) or '0')
if (tonumber(session.generation) or 0) ~= current then
  redis.call('DEL', KEYS[1])
  return false
end
local reply = {false}
for i = 5, #ARGV, 2 do
  if (tonumber(session[ARGV[i]]) or 0) < tonumber(ARGV[i + 1]) then
    session[ARGV[i]] = tonumber(ARGV[4])
    reply[#reply + 1] = ARGV[i]
  end
end
if #reply > 1 then
  value = cjson.encode(session)
  redis.call('SET', KEYS[1], value, 'EX', ARGV[1])
else
  redis.call('EXPIRE', KEYS[1], ARGV[1])
end
outlive(ARGV[2] .. userId, ARGV[1])
outlive(generationKey, ARGV[1])
reply[1] = value
return reply
`

// KEYS: user index, user generation. ARGV: session prefix, the session to keep ('' for
// none), the generation's minimum lifetime, a JSON object of fields to set on the kept one.
// Moving the generation on is what revokes: every session carrying the old one is dead at
// its next touch, wherever it is, even one missing from the index, and no in-flight log-in
// that read it can create one. The deletes only free memory and count what ended. The kept
// session moves to the new generation, unless it was already stale.
const REVOKE = `${OUTLIVE}
local generation = redis.call('INCR', KEYS[2])
local kept = nil
local ended = 0
for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[1] .. member
  local value = member == ARGV[2] and redis.call('GET', key)
  local session = value and cjson.decode(value)
  if session and (tonumber(session.generation) or 0) == generation - 1 then
    session.generation = generation
    for field, v in pairs(cjson.decode(ARGV[4])) do session[field] = v end
    redis.call('SET', key, cjson.encode(session), 'KEEPTTL')
    kept = member
  else
    ended = ended + redis.call('DEL', key)
  end
end
redis.call('DEL', KEYS[1])
local hold = tonumber(ARGV[3])
if kept then
  local left = redis.call('TTL', ARGV[1] .. kept)
  redis.call('SADD', KEYS[1], kept)
  redis.call('EXPIRE', KEYS[1], left)
  if left > hold then hold = left end
end
outlive(KEYS[2], hold)
return ended
`

// KEYS: user index, user generation. ARGV: session prefix. The user's sessions that are
// still alive (present and of the current generation), in one round trip.
const LIST = `
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
local reply = {}
for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local value = redis.call('GET', ARGV[1] .. member)
  if value and (tonumber(cjson.decode(value).generation) or 0) == current then
    reply[#reply + 1] = member
    reply[#reply + 1] = value
  end
end
return reply
`

/** The Lua this store runs, for the Redis tool's allow-list. */
export const SESSION_SCRIPTS = {
  create: CREATE,
  touch: TOUCH,
  revoke: REVOKE,
  list: LIST,
} as const

/**
 * How long a generation outlives its last revocation when no session holds it longer. Its
 * loss would let a log-in that read the old generation before the revocation, and creates
 * its session after the key is gone, compare equal to "no generation" (0): a log-in takes
 * seconds, so a day is far beyond any of them. Past that, an expired generation only means
 * the next log-in starts again at 0, which revives nothing: the revoked sessions were
 * deleted, and any that escaped the index carry a higher generation than 0.
 */
const GENERATION_HOLD_SECONDS = 86_400

export function createUpstashSessionStore(redis: Redis, prefix: string): SessionStore {
  const sessionPrefix = `${prefix}:session:`
  const userPrefix = `${prefix}:user-sessions:`
  const generationPrefix = `${prefix}:user-generation:`
  const createScript = redis.createScript<number>(CREATE)
  const touchScript = redis.createScript<[string | SessionData, ...SessionStampField[]] | null>(
    TOUCH,
  )
  const revokeScript = redis.createScript<number>(REVOKE)
  const listScript = redis.createScript<(string | SessionData)[]>(LIST)

  return {
    async generation(userId) {
      return Number((await redis.get<string | number>(generationPrefix + userId)) ?? 0)
    },

    async create(key, data, ttlSeconds) {
      const created = await createScript.exec(
        [sessionPrefix + key, userPrefix + data.userId, generationPrefix + data.userId],
        [serialize(data), String(ttlSeconds), String(data.generation), key],
      )
      return Number(created) === 1
    },

    async touch(key, ttlSeconds, stamps) {
      const reply = await touchScript.exec(
        [sessionPrefix + key],
        [String(ttlSeconds), userPrefix, generationPrefix, ...stampArgs(stamps)],
      )
      if (reply === null) return null
      const [value, ...stamped] = reply
      return { session: parse(value), stamped }
    },

    async delete(key) {
      // The index keeps a stale member until it expires; revokeUser ignores it.
      await redis.del(sessionPrefix + key)
    },

    async revokeUser(userId: UserId, options = {}) {
      const ended = await revokeScript.exec(
        [userPrefix + userId, generationPrefix + userId],
        [
          sessionPrefix,
          options.keep ?? '',
          String(GENERATION_HOLD_SECONDS),
          JSON.stringify(options.patch ?? {}),
        ],
      )
      return Number(ended)
    },

    async listUser(userId) {
      const reply = await listScript.exec(
        [userPrefix + userId, generationPrefix + userId],
        [sessionPrefix],
      )
      const listed = []
      for (let i = 0; i + 1 < reply.length; i += 2)
        listed.push({ key: String(reply[i]), session: parse(reply[i + 1]!) })
      return listed
    },

    async ping() {
      const answer = await redis.ping()
      if (answer !== 'PONG') throw new Error(`unexpected answer to PING: ${String(answer)}`)
      return 'ok'
    },
  }
}

function stampArgs(stamps: SessionStamps | undefined): string[] {
  if (!stamps) return ['0']
  const args = [String(stamps.now)]
  for (const [field, before] of Object.entries(stamps.before)) args.push(field, String(before))
  return args
}

// A fixed field order and only the known fields, whatever object the caller passed.
function serialize(data: SessionData): string {
  const { userId, email, isActive, isVerified, createdAt, generation, cookieSetAt } = data
  const { publicId, ip, userAgent, device, lastSeenAt } = data
  return JSON.stringify({
    userId,
    email,
    isActive,
    isVerified,
    createdAt,
    generation,
    cookieSetAt,
    publicId,
    ip,
    userAgent,
    device,
    lastSeenAt,
  })
}

// @upstash/redis already parses JSON replies; a string means it could not. Sessions written
// before generations existed carry none: they belong to generation 0.
function parse(value: string | SessionData): SessionData {
  const data = typeof value === 'string' ? (JSON.parse(value) as SessionData) : value
  return {
    ...data,
    generation: data.generation ?? 0,
    cookieSetAt: data.cookieSetAt ?? 0,
    publicId: data.publicId ?? '',
    ip: data.ip ?? '',
    userAgent: data.userAgent ?? '',
    device: data.device ?? '',
    lastSeenAt: data.lastSeenAt ?? data.createdAt,
  }
}
