// An HTTP server speaking the Upstash REST protocol in front of a real Redis, for running the
// Worker build against a local Redis (dev, tests, bench). Only the app's commands pass.
import { createHash, timingSafeEqual } from 'node:crypto'
import { createRespClient, type RespClient } from '../../src/runtime/resp/client'
import { encodeItem, encodeReply } from '../../src/runtime/resp/json'
import { createScriptRewriter } from '../../src/runtime/resp/lua-shebang'
import { RedisReplyError, type RespValue } from '../../src/runtime/resp/wire'
import { type AllowList, appAllowList } from './allow-list'
import { type Command, InvalidCommand, parseCommand, parseCommandList } from './commands'

export interface RedisHttpOptions {
  redisUrl: string
  token: string
  /** 0 or unset picks a free port. */
  port?: number
  hostname?: string
  connectTimeoutMs?: number
  commandTimeoutMs?: number
  /**
   * What may run; the app's commands and scripts unless given. Only the protocol tests widen
   * it, to check the encoding of replies the app never asks for; the CLI cannot set it.
   */
  allow?: AllowList
}

export interface RedisHttpServer {
  url: string
  token: string
  stop(): Promise<void>
}

interface Prepared {
  args: Command
  clientSha?: string
}

export async function startRedisHttp(options: RedisHttpOptions): Promise<RedisHttpServer> {
  if (!options.token) throw new Error('startRedisHttp: a token is required')
  const redis: RespClient = createRespClient({
    url: options.redisUrl,
    connectTimeoutMs: options.connectTimeoutMs,
    commandTimeoutMs: options.commandTimeoutMs,
  })
  const scripts = createScriptRewriter()
  const expectedAuth = digest(`Bearer ${options.token}`)
  const hostname = options.hostname ?? '127.0.0.1'
  const allow = options.allow ?? appAllowList()
  const hosts = allowedHosts(hostname)

  function prepare(value: unknown): Prepared {
    return scripts.rewrite(parseCommand(value, allow))
  }

  // SCRIPT LOAD answers the SHA1 the client computed, so its later EVALSHA calls map back.
  function finish(prepared: Prepared, reply: RespValue): RespValue {
    return prepared.clientSha && !(reply instanceof RedisReplyError) ? prepared.clientSha : reply
  }

  async function single(body: unknown, base64: boolean): Promise<Response> {
    const prepared = prepare(body)
    const [reply = null] = await redis.send([prepared.args])
    if (reply instanceof RedisReplyError) return json({ error: reply.message }, 400)
    return json({ result: encodeReply(finish(prepared, reply), base64) })
  }

  async function pipeline(body: unknown, base64: boolean): Promise<Response> {
    const items = parseCommandList(body).map((value): Prepared | InvalidCommand => {
      try {
        return prepare(value)
      } catch (error) {
        if (error instanceof InvalidCommand) return error
        throw error
      }
    })
    const valid = items.filter((item): item is Prepared => !(item instanceof InvalidCommand))
    const replies = await redis.send(valid.map((item) => item.args))
    let next = 0
    return json(
      items.map((item) => {
        if (item instanceof InvalidCommand) return { error: item.message }
        return encodeItem(finish(item, replies[next++] ?? null), base64)
      }),
    )
  }

  async function multiExec(body: unknown, base64: boolean): Promise<Response> {
    const prepared = parseCommandList(body).map(prepare)
    // One write on the shared connection: no other caller's command can land inside MULTI/EXEC.
    const replies = await redis.send([['MULTI'], ...prepared.map((item) => item.args), ['EXEC']])
    const exec = replies[replies.length - 1] ?? null
    if (exec instanceof RedisReplyError) {
      const cause = replies.slice(1, -1).find((reply) => reply instanceof RedisReplyError)
      return json(
        {
          error:
            cause instanceof RedisReplyError ? `${exec.message}: ${cause.message}` : exec.message,
        },
        400,
      )
    }
    if (!Array.isArray(exec)) return json({ error: 'ERR transaction aborted' }, 400)
    return json(exec.map((reply, i) => encodeItem(finish(prepared[i]!, reply), base64)))
  }

  function route(handler: (body: unknown, base64: boolean) => Promise<Response>) {
    return async (req: Request): Promise<Response> => {
      // A web page that rebinds its own name to 127.0.0.1 still sends that name as Host.
      if (!hosts.has(hostOf(req.headers.get('host'))))
        return json({ error: 'ERR this Host is not served here' }, 403)
      if (!authorized(req.headers.get('authorization'))) return json({ error: 'Unauthorized' }, 401)
      // A cross-origin form or no-cors fetch cannot send application/json without a preflight.
      if (!isJson(req.headers.get('content-type')))
        return json({ error: 'ERR Content-Type must be application/json' }, 415)
      let body: unknown
      try {
        body = await req.json()
      } catch {
        return json({ error: 'ERR the request body is not valid JSON' }, 400)
      }
      const base64 = req.headers.get('upstash-encoding')?.toLowerCase() === 'base64'
      try {
        return await handler(body, base64)
      } catch (error) {
        if (error instanceof InvalidCommand) return json({ error: error.message }, 400)
        return json({ error: `ERR Redis unavailable: ${(error as Error).message}` }, 503)
      }
    }
  }

  function authorized(header: string | null): boolean {
    return header !== null && timingSafeEqual(digest(header), expectedAuth)
  }

  const server = Bun.serve({
    port: options.port ?? 0,
    hostname,
    routes: {
      '/': { POST: route(single) },
      '/pipeline': { POST: route(pipeline) },
      '/multi-exec': { POST: route(multiExec) },
    },
    fetch: () => json({ error: 'Not Found' }, 404),
    error: () => json({ error: 'ERR internal error' }, 500),
  })

  const publicHost = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname
  return {
    url: `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${server.port}`,
    token: options.token,
    async stop() {
      await server.stop(true)
      redis.close()
    },
  }
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1']

// Loopback names and the address it listens on; a wildcard address is no name anyone sends.
function allowedHosts(hostname: string): Set<string> {
  const hosts = new Set(LOOPBACK_NAMES)
  if (hostname !== '0.0.0.0' && hostname !== '::') hosts.add(hostname.toLowerCase())
  return hosts
}

/** The name in a Host header without its port or IPv6 brackets; '' when there is none. */
export function hostOf(header: string | null): string {
  if (!header) return ''
  const host = header.trim().toLowerCase()
  if (host.startsWith('[')) {
    const end = host.indexOf(']')
    return end === -1 ? '' : host.slice(1, end)
  }
  const colon = host.indexOf(':')
  return colon === -1 ? host : host.slice(0, colon)
}

function isJson(header: string | null): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/json'
}

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status })
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}
