// An @upstash/redis requester that speaks RESP to a self-hosted Redis (Bun, Deno): the session
// store, the rate limiter and their Lua scripts stay the ones the Upstash REST path runs.
import { Redis, type Requester, type UpstashRequest, type UpstashResponse } from '@upstash/redis'
import { createRespClient } from './client'
import { encodeItem } from './json'
import { createScriptRewriter } from './lua-shebang'
import { RedisReplyError, type RespValue } from './wire'

export interface RespRequesterOptions {
  /** redis://[user:password@]host[:port][/db], or rediss:// for TLS. */
  url: string
  /** Each command fails after this long (connect included); nothing is retried. */
  timeoutMs: number
  /** When to write what was gathered: every command of one event-loop turn goes in one write. */
  schedule: (flush: () => void) => void
}

export interface RespRequester extends Requester {
  close(): void
}

/** Commands written at once at most; more start a new batch. */
const MAX_BATCH = 500

interface Pending {
  args: string[]
  clientSha?: string
  resolve: (response: UpstashResponse<unknown>) => void
  reject: (error: unknown) => void
}

type Prepared = { args: string[]; clientSha?: string }

export function createRespRequester(options: RespRequesterOptions): RespRequester {
  const client = createRespClient({
    url: options.url,
    connectTimeoutMs: options.timeoutMs,
    commandTimeoutMs: options.timeoutMs,
  })
  // Redis 7.0 refuses @upstash/ratelimit's `allow-key-locking` shebang flag.
  const scripts = createScriptRewriter()
  let queue: Pending[] = []

  function prepare(body: unknown): Prepared {
    if (!Array.isArray(body) || body.length === 0) throw new Error('a command must be an array')
    return scripts.rewrite(body.map(String))
  }

  // SCRIPT LOAD answers the SHA1 the client computed, so its later EVALSHA calls map back.
  function answer(prepared: Prepared, reply: RespValue): UpstashResponse<unknown> {
    const value =
      prepared.clientSha && !(reply instanceof RedisReplyError) ? prepared.clientSha : reply
    return encodeItem(value, false)
  }

  // The connection's watchdog drops a silent Redis; this bounds each caller exactly.
  function send(commands: string[][]): Promise<RespValue[]> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      )
    })
    return Promise.race([client.send(commands), deadline]).finally(() => clearTimeout(timer))
  }

  function flush() {
    const batch = queue
    queue = []
    if (batch.length === 0) return
    send(batch.map((item) => item.args))
      .then((replies) => {
        for (const [i, item] of batch.entries()) item.resolve(answer(item, replies[i] ?? null))
      })
      .catch((error) => {
        for (const item of batch) item.reject(error)
      })
  }

  async function pipeline(body: unknown): Promise<UpstashResponse<unknown>[]> {
    if (!Array.isArray(body)) throw new Error('a pipeline must be an array of commands')
    const prepared = body.map(prepare)
    const replies = await send(prepared.map((item) => item.args))
    return prepared.map((item, i) => answer(item, replies[i] ?? null))
  }

  // One write on the shared connection: no other caller's command lands inside MULTI/EXEC.
  async function multiExec(body: unknown): Promise<UpstashResponse<unknown>[]> {
    if (!Array.isArray(body)) throw new Error('a transaction must be an array of commands')
    const prepared = body.map(prepare)
    const replies = await send([['MULTI'], ...prepared.map((item) => item.args), ['EXEC']])
    const exec = replies[replies.length - 1] ?? null
    if (exec instanceof RedisReplyError) throw exec
    if (!Array.isArray(exec)) throw new Error('Redis aborted the transaction')
    return prepared.map((item, i) => answer(item, exec[i] ?? null))
  }

  return {
    async request<T>(req: UpstashRequest): Promise<UpstashResponse<T>> {
      const path = req.path?.join('/') ?? ''
      if (path === '') {
        const prepared = prepare(req.body)
        return new Promise<UpstashResponse<T>>((resolve, reject) => {
          if (queue.length === 0) options.schedule(flush)
          queue.push({ ...prepared, resolve: resolve as Pending['resolve'], reject })
          if (queue.length >= MAX_BATCH) flush()
        })
      }
      if (path === 'pipeline') return (await pipeline(req.body)) as UpstashResponse<T>
      if (path === 'multi-exec') return (await multiExec(req.body)) as UpstashResponse<T>
      throw new Error(`the RESP transport has no ${path} endpoint`)
    },
    close() {
      client.close()
    },
  }
}

/**
 * Replies reach the adapters as Redis sent them: each adapter reads what it wrote itself, so
 * the client's JSON.parse attempt on every reply is skipped (as on the REST path on Bun).
 */
class RawRedis extends Redis {
  constructor(requester: Requester) {
    super(requester)
    this.opts = { automaticDeserialization: false }
  }
}

/** The @upstash/redis client the stores take, on one pipelined RESP connection. */
export function createRespRedis(options: RespRequesterOptions): { redis: Redis; close(): void } {
  const requester = createRespRequester(options)
  return { redis: new RawRedis(requester), close: () => requester.close() }
}
