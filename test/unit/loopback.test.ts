// The loopback rule behind credentials over plain SMTP and the dev mailbox: what counts as this machine.
import { describe, expect, test } from 'bun:test'
import { needsStartTls } from '../../src/adapters/smtp-session'
import { isLoopbackHost, isLoopbackIp } from '../../src/loopback'

describe('isLoopbackIp', () => {
  test.each([
    '127.0.0.1',
    '127.255.255.254',
    '127.1.2.3',
    '::1',
    '0:0:0:0:0:0:0:1',
    '0000:0000::0001',
    '::ffff:127.0.0.1',
    '::FFFF:127.9.9.9',
    '::ffff:7f00:1',
  ])('%s is loopback', (address) => {
    expect(isLoopbackIp(address)).toBe(true)
  })

  test.each([
    '128.0.0.1',
    '126.255.255.255',
    '10.0.0.1',
    '192.0.2.2',
    '0.0.0.0',
    '::',
    '::2',
    '1::1',
    'fd00::2',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.256',
    '::127.0.0.1', // IPv4-compatible (deprecated), not mapped
    '127.1', // inet_aton shorthand: fails closed
    '0177.0.0.1', // octal
    '127.0.0.01',
    '2130706433',
    '::1%lo',
    '1:2:3:4:5:6:7::1',
    '0:0:0:0:0:0:0:0:1',
    'localhost', // a name, not an address: peers are never names
    '',
    'unknown',
  ])('%s is not', (address) => {
    expect(isLoopbackIp(address)).toBe(false)
  })
})

describe('isLoopbackHost', () => {
  test.each(['localhost', 'LocalHost', 'localhost.', '127.0.0.1', '127.0.0.53', '::1', '[::1]'])(
    '%s is this machine',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true)
    },
  )

  test.each([
    'mail.example.com',
    'localhost.example.com',
    'mail.localhost',
    '127.0.0.1.nip.io',
    '192.0.2.2',
    '[fd00::2]',
    'smtp.gmail.com',
  ])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false)
  })
})

describe('needsStartTls: when the credentials may only travel encrypted', () => {
  const base = { port: 587, timeoutMs: 1000, username: 'u', password: 'p' }
  test('credentials to another host without implicit TLS: STARTTLS is required', () => {
    expect(needsStartTls({ ...base, host: 'smtp.example.com', secure: false })).toBe(true)
    expect(needsStartTls({ ...base, host: '192.0.2.2', secure: false })).toBe(true)
  })
  test('not with implicit TLS, not without credentials, not to this machine', () => {
    expect(needsStartTls({ ...base, host: 'smtp.example.com', secure: true })).toBe(false)
    expect(
      needsStartTls({ ...base, host: 'smtp.example.com', secure: false, username: undefined }),
    ).toBe(false)
    for (const host of ['127.0.0.1', 'localhost', '::1'])
      expect(needsStartTls({ ...base, host, secure: false })).toBe(false)
  })
})
