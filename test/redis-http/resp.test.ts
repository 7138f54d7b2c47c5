// RESP2 encoding and incremental parsing, independent of a running Redis.
import { describe, expect, test } from 'bun:test'
import { encodeItem, encodeReply } from '../../src/runtime/resp/json'
import {
  createRespParser,
  encodeCommand,
  RedisReplyError,
  type RespValue,
} from '../../src/runtime/resp/wire'

function parseAll(chunks: (string | Buffer)[]): RespValue[] {
  const out: RespValue[] = []
  const parser = createRespParser((value) => out.push(value))
  for (const chunk of chunks)
    parser.feed(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk)
  return out
}

const text = (value: RespValue) =>
  JSON.stringify(value, (_, v) =>
    v?.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v,
  )

describe('RESP2', () => {
  test('encodes commands with byte lengths', () => {
    expect(encodeCommand(['SET', 'k', 'é'])).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n')
  })

  test('parses every reply type, nested and nil', () => {
    const wire =
      '+OK\r\n-ERR bad\r\n:42\r\n$3\r\nabc\r\n$-1\r\n*-1\r\n*3\r\n:1\r\n*2\r\n$1\r\nx\r\n$-1\r\n+QUEUED\r\n$0\r\n\r\n'
    const [ok, err, int, bulk, nil, nilArray, nested, empty] = parseAll([wire])
    expect(ok).toBe('OK')
    expect(err).toBeInstanceOf(RedisReplyError)
    expect((err as RedisReplyError).message).toBe('ERR bad')
    expect(int).toBe(42)
    expect(text(bulk!)).toBe('"abc"')
    expect(nil).toBeNull()
    expect(nilArray).toBeNull()
    expect(text(nested!)).toBe('[1,["x",null],"QUEUED"]')
    expect(text(empty!)).toBe('""')
  })

  test('waits for replies split at any byte', () => {
    const wire = '*2\r\n$5\r\nhello\r\n:7\r\n+PONG\r\n'
    for (let cut = 1; cut < wire.length; cut++) {
      const values = parseAll([wire.slice(0, cut), wire.slice(cut)])
      expect(values.map(text)).toEqual(['["hello",7]', '"PONG"'])
    }
  })

  test('keeps binary bulk strings intact', () => {
    const [value] = parseAll([
      Buffer.concat([Buffer.from('$2\r\n'), Buffer.from([0xff, 0x00]), Buffer.from('\r\n')]),
    ])
    expect(encodeReply(value!, true)).toBe('/wA=')
  })

  test('encodes replies for JSON, base64 or plain', () => {
    expect(encodeReply('OK', true)).toBe('OK')
    expect(encodeReply(['OK', 3, null], true)).toEqual(['T0s=', 3, null])
    expect(encodeReply(Buffer.from('é'), false)).toBe('é')
    expect(encodeItem(new RedisReplyError('ERR x'), true)).toEqual({ error: 'ERR x' })
    expect(encodeItem(Buffer.from('a'), true)).toEqual({ result: 'YQ==' })
  })
})
