// Turns RESP2 replies into the JSON values of the Upstash REST protocol, base64 or plain.
import { Buffer } from 'node:buffer'
import { RedisReplyError, type RespValue } from './wire'

/**
 * With base64, every simple and bulk string is encoded except a top-level `OK`;
 * integers stay numbers and nil stays null. Inside arrays even `OK` is encoded,
 * because @upstash/redis base64-decodes array elements without that exception.
 */
export function encodeReply(value: RespValue, base64: boolean): unknown {
  if (base64 && value === 'OK') return 'OK'
  return encodeValue(value, base64)
}

function encodeValue(value: RespValue, base64: boolean): unknown {
  if (value === null || typeof value === 'number') return value
  if (typeof value === 'string') return base64 ? Buffer.from(value).toString('base64') : value
  if (Buffer.isBuffer(value)) return value.toString(base64 ? 'base64' : 'utf8')
  if (value instanceof RedisReplyError) return encodeValue(value.message, base64)
  return value.map((item) => encodeValue(item, base64))
}

/** One entry of a pipeline or transaction answer; errors are never encoded. */
export function encodeItem(
  value: RespValue,
  base64: boolean,
): { result: unknown } | { error: string } {
  return value instanceof RedisReplyError
    ? { error: value.message }
    : { result: encodeReply(value, base64) }
}
