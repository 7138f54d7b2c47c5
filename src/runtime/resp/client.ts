// One pipelined RESP2 connection to Redis: reconnects on demand, fails fast while Redis is down.
import type { Buffer } from 'node:buffer'
import { connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { createRespParser, encodeCommand, RedisReplyError, type RespValue } from './wire'

export interface RespClientOptions {
  /** redis://[user:password@]host[:port][/db] or rediss:// for TLS. */
  url: string
  connectTimeoutMs?: number
  /** The oldest unanswered command may wait this long before the connection is dropped. */
  commandTimeoutMs?: number
  /** After a failed connect, commands fail at once for this long instead of reconnecting. */
  retryDelayMs?: number
}

export interface RespClient {
  /**
   * Writes the commands in one go, so nothing from other callers interleaves with them
   * (MULTI/EXEC relies on this). Resolves with one reply per command, error replies
   * included as RedisReplyError values; rejects when the connection fails.
   */
  send(commands: readonly (readonly string[])[]): Promise<RespValue[]>
  close(): void
}

interface Batch {
  replies: RespValue[]
  expected: number
  sentAt: number
  resolve(replies: RespValue[]): void
  reject(error: Error): void
}

export function createRespClient(options: RespClientOptions): RespClient {
  const target = new URL(options.url)
  const host = target.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1'
  const port = Number(target.port || 6379)
  const tls = target.protocol === 'rediss:'
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000
  const commandTimeoutMs = options.commandTimeoutMs ?? 10_000
  const retryDelayMs = options.retryDelayMs ?? 250
  const handshake = handshakeCommands(target)

  let socket: Socket | null = null
  let queue: (Batch | undefined)[] = []
  let head = 0
  let downUntil = 0
  let downReason = ''
  let closed = false
  let watchdog: ReturnType<typeof setInterval> | null = null

  // Synchronous on purpose: replies already parsed from the same chunk must not reach
  // callers once the connection is condemned (a refused AUTH, a stray reply).
  function fail(s: Socket, error: Error, connected: boolean): void {
    if (socket !== s) return
    socket = null
    if (watchdog) clearInterval(watchdog)
    watchdog = null
    if (!connected) {
      downUntil = Date.now() + retryDelayMs
      downReason = error.message
    }
    const pending = queue.slice(head)
    queue = []
    head = 0
    for (const batch of pending) batch?.reject(error)
    s.destroy()
  }

  function onReply(s: Socket, value: RespValue): void {
    if (socket !== s) return
    const batch = queue[head]
    if (!batch) {
      fail(s, new Error('Redis sent a reply nobody asked for'), true)
      return
    }
    batch.replies.push(value)
    if (batch.replies.length < batch.expected) return
    queue[head++] = undefined
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head)
      head = 0
    }
    batch.resolve(batch.replies)
  }

  function open(): Socket {
    const s = tls ? tlsConnect({ host, port, servername: host }) : netConnect({ host, port })
    let connected = false
    let lastError: Error | null = null
    const parser = createRespParser((value) => onReply(s, value))
    const connectTimer = setTimeout(
      () => s.destroy(new Error(`Redis connect timeout after ${connectTimeoutMs} ms`)),
      connectTimeoutMs,
    )
    s.setNoDelay(true)
    s.once(tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(connectTimer)
      connected = true
    })
    s.on('data', (chunk: Buffer) => {
      try {
        if (socket === s) parser.feed(chunk)
      } catch (error) {
        fail(s, error as Error, true)
      }
    })
    s.on('error', (error) => {
      lastError = error
    })
    s.on('close', () => {
      clearTimeout(connectTimer)
      fail(s, lastError ?? new Error('Redis connection closed'), connected)
    })
    socket = s
    watchdog = setInterval(
      () => {
        const oldest = queue[head]
        if (oldest && Date.now() - oldest.sentAt > commandTimeoutMs) {
          fail(s, new Error(`Redis did not answer within ${commandTimeoutMs} ms`), true)
        }
      },
      Math.min(1000, Math.max(50, commandTimeoutMs / 4)),
    )
    watchdog.unref?.()
    if (handshake.length > 0) {
      // Written before any caller's command, so AUTH/SELECT apply to everything after them.
      write(
        s,
        handshake,
        (replies) => {
          const refused = replies.find((reply) => reply instanceof RedisReplyError)
          if (refused)
            fail(
              s,
              new Error(`Redis refused the handshake: ${(refused as RedisReplyError).message}`),
              false,
            )
        },
        () => {},
      )
    }
    return s
  }

  function write(
    s: Socket,
    commands: readonly (readonly string[])[],
    resolve: Batch['resolve'],
    reject: Batch['reject'],
  ): void {
    let payload = ''
    for (const command of commands) payload += encodeCommand(command)
    queue.push({ replies: [], expected: commands.length, sentAt: Date.now(), resolve, reject })
    s.write(payload)
  }

  return {
    send(commands) {
      if (closed) return Promise.reject(new Error('Redis client closed'))
      if (commands.length === 0) return Promise.resolve([])
      let s = socket
      if (!s) {
        if (Date.now() < downUntil)
          return Promise.reject(new Error(`Redis unavailable: ${downReason}`))
        s = open()
      }
      const live = s
      return new Promise((resolve, reject) => write(live, commands, resolve, reject))
    },
    close() {
      closed = true
      if (socket) fail(socket, new Error('Redis client closed'), true)
    },
  }
}

function handshakeCommands(target: URL): string[][] {
  const commands: string[][] = []
  const password = decodeURIComponent(target.password)
  const username = decodeURIComponent(target.username)
  if (password) commands.push(username ? ['AUTH', username, password] : ['AUTH', password])
  const db = target.pathname.replace(/^\//, '')
  if (db && db !== '0') commands.push(['SELECT', db])
  return commands
}
