// RESP2 wire format: encodes commands and parses replies incrementally from socket chunks.

/** An error reply from Redis (`-ERR ...`); a value, not a thrown exception. */
export class RedisReplyError extends Error {
  override name = 'RedisReplyError'
}

/** Simple strings arrive as `string`, bulk strings as `Buffer` (binary-safe), nil as `null`. */
export type RespValue = string | Buffer | number | null | RedisReplyError | RespValue[]

const CR = 13
const INCOMPLETE = Symbol('incomplete')

export function encodeCommand(args: readonly string[]): string {
  let out = `*${args.length}\r\n`
  for (const arg of args) out += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`
  return out
}

export interface RespParser {
  feed(chunk: Buffer): void
}

export function createRespParser(onReply: (value: RespValue) => void): RespParser {
  let buf: Buffer = Buffer.alloc(0)
  // Where the value being parsed ends; set by parseAt as it consumes bytes.
  let next = 0

  function lineEnd(start: number): number {
    const cr = buf.indexOf(CR, start)
    return cr === -1 || cr + 1 >= buf.length ? -1 : cr
  }

  function parseAt(start: number): RespValue | typeof INCOMPLETE {
    if (start >= buf.length) return INCOMPLETE
    const cr = lineEnd(start + 1)
    if (cr === -1) return INCOMPLETE
    const type = buf[start]
    const afterLine = cr + 2
    switch (type) {
      case 0x2b: // '+'
        next = afterLine
        return buf.toString('utf8', start + 1, cr)
      case 0x2d: // '-'
        next = afterLine
        return new RedisReplyError(buf.toString('utf8', start + 1, cr))
      case 0x3a: // ':'
        next = afterLine
        return Number(buf.toString('latin1', start + 1, cr))
      case 0x24: {
        // '$'
        const len = Number(buf.toString('latin1', start + 1, cr))
        if (len < 0) {
          next = afterLine
          return null
        }
        if (afterLine + len + 2 > buf.length) return INCOMPLETE
        next = afterLine + len + 2
        return buf.subarray(afterLine, afterLine + len)
      }
      case 0x2a: {
        // '*'
        const count = Number(buf.toString('latin1', start + 1, cr))
        if (count < 0) {
          next = afterLine
          return null
        }
        const items: RespValue[] = new Array(count)
        let pos = afterLine
        for (let i = 0; i < count; i++) {
          const item = parseAt(pos)
          if (item === INCOMPLETE) return INCOMPLETE
          items[i] = item
          pos = next
        }
        next = pos
        return items
      }
      default:
        throw new Error(`RESP protocol error: unexpected byte ${type}`)
    }
  }

  return {
    feed(chunk) {
      buf = next < buf.length ? Buffer.concat([buf.subarray(next), chunk]) : chunk
      next = 0
      let pos = 0
      while (pos < buf.length) {
        const value = parseAt(pos)
        if (value === INCOMPLETE) break
        pos = next
        onReply(value)
      }
      next = pos
    },
  }
}
