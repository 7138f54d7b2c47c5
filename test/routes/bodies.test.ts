// Bodies: malformed forms are a 4xx (never a 500), and the size limit is decided before the type.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { MAX_BODY_BYTES } from '../../src/http/middleware/body'
import { APP_URL, createTestApp, type TestApp } from '../support/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const FORM_ROUTES = [
  '/register',
  '/login',
  '/verify-email',
  '/resend-verification',
  '/request-password-reset',
  '/reset-password',
]

const PART = 'Content-Disposition: form-data; name="email"\r\n\r\na@b.co\r\n'
const MALFORMED: [string, string, string][] = [
  ['multipart without a boundary', 'multipart/form-data', `--x\r\n${PART}--x--\r\n`],
  ['multipart with an empty boundary', 'multipart/form-data; boundary=', `--x\r\n${PART}--x--\r\n`],
  ['multipart with a wrong boundary', 'multipart/form-data; boundary=y', `--x\r\n${PART}--x--\r\n`],
  ['multipart, truncated', 'multipart/form-data; boundary=x', `--x\r\n${PART.slice(0, 40)}`],
  ['multipart without the final boundary', 'multipart/form-data; boundary=x', `--x\r\n${PART}`],
  ['multipart carrying JSON', 'multipart/form-data; boundary=x', '{"email": "a@b.co"}'],
  ['url-encoded with broken escapes', 'application/x-www-form-urlencoded', 'email=%zz&pw=%E0%A4%A'],
  ['url-encoded of nothing but separators', 'application/x-www-form-urlencoded', '%%%=&&=='],
  ['url-encoded binary', 'application/x-www-form-urlencoded', '\u0000\uffff\ud800=\u0001'],
]

/** A body sent in chunks with no Content-Length, as `Transfer-Encoding: chunked` arrives. */
function chunked(
  size: number,
  chunk = 1024,
): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close()
      const n = Math.min(chunk, size - sent)
      sent += n
      controller.enqueue(new Uint8Array(n).fill(0x61))
    },
  })
  return { stream, pulled: () => sent }
}

const post = (path: string, type: string, body: BodyInit) =>
  t.request(path, {
    method: 'POST',
    headers: { 'content-type': type, origin: APP_URL },
    body,
    duplex: 'half',
  } as RequestInit)

describe('malformed form bodies', () => {
  test('every form route answers 400 or 422 in its page, and nothing is logged as a bug', async () => {
    const logged = t.log.length
    for (const route of FORM_ROUTES) {
      for (const [name, type, body] of MALFORMED) {
        const res = await post(route, type, body)
        const status = res.status
        expect({ route, name, status, ok: status === 400 || status === 422 }).toEqual({
          route,
          name,
          status,
          ok: true,
        })
        expect(res.headers.get('content-type')).toContain('text/html')
        await res.arrayBuffer()
      }
    }
    const bugs = t.log.slice(logged).filter((line) => line.includes('unhandled_error'))
    expect(bugs).toEqual([])
  })

  test('a multipart body the parser refuses is a 400 that says so', async () => {
    const res = await post('/register', 'multipart/form-data', `--x\r\n${PART}--x--\r\n`)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('There was an error parsing the body.')
  })
})

describe('the size limit comes before the type', () => {
  test('a chunked text/plain body over 16 KiB: 413, not 415', async () => {
    const body = chunked(MAX_BODY_BYTES + 1024)
    const res = await post('/login', 'text/plain', body.stream)
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ detail: 'Request body too large' })
  })

  test('an endless chunked body is cut off near the limit, never read to its end', async () => {
    for (const type of ['text/plain', 'application/json', 'multipart/form-data; boundary=x']) {
      const body = chunked(Number.MAX_SAFE_INTEGER)
      const res = await post('/register', type, body.stream)
      expect({ type, status: res.status }).toEqual({ type, status: 413 })
      // What the runtime buffers ahead of the reader, at most a few chunks past the limit.
      expect(body.pulled()).toBeLessThan(MAX_BODY_BYTES + 64 * 1024)
    }
  })

  test('with a Content-Length over the limit: 413 for any type', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/json']) {
      const res = await t.request('/login', {
        method: 'POST',
        headers: { 'content-type': type },
        body: 'x'.repeat(MAX_BODY_BYTES + 1),
      })
      expect({ type, status: res.status }).toEqual({ type, status: 413 })
    }
  })

  test('under the limit the type decides: chunked or not, text/plain is 415', async () => {
    const small = chunked(2048)
    expect((await post('/login', 'text/plain', small.stream)).status).toBe(415)
    expect((await post('/login', 'text/plain', 'x'.repeat(2048))).status).toBe(415)
  })

  test('an empty chunked body and exactly 16 KiB of JSON are read; one byte more is not', async () => {
    const json = (size: number) => {
      const padding = 'x'.repeat(size - JSON.stringify({ email: '', password: '' }).length)
      return JSON.stringify({ email: '', password: padding })
    }
    const empty = await post('/login', 'application/json', chunked(0).stream)
    expect(empty.status).toBe(422)
    const exact = await post('/login', 'application/json', json(MAX_BODY_BYTES))
    expect(exact.status).toBe(422)
    const over = await post('/login', 'application/json', json(MAX_BODY_BYTES + 1))
    expect(over.status).toBe(413)
  })
})
