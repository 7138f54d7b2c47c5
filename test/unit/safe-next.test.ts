// `next` after log-in: paths on this site, or absolute URLs on APP_URL's origin or RETURN_ORIGINS.
import { describe, expect, test } from 'bun:test'
import { safeNextPath } from '../../src/http/safe-next'

const ALLOWED = {
  appOrigin: 'https://auth.example.com',
  returnOrigins: ['https://app.example.com', 'http://localhost:8080'],
}

const ACCEPTED: [string, string][] = [
  ['/account', '/account'],
  ['/a/b?c=d#e', '/a/b?c=d#e'],
  ['https://auth.example.com/account', 'https://auth.example.com/account'],
  ['https://app.example.com', 'https://app.example.com/'],
  ['https://app.example.com/dash?x=1#top', 'https://app.example.com/dash?x=1#top'],
  ['HTTPS://APP.EXAMPLE.COM/Dash', 'https://app.example.com/Dash'],
  ['https://app.example.com:443/p', 'https://app.example.com/p'],
  ['http://localhost:8080/p', 'http://localhost:8080/p'],
  // Dot segments stay on the allowed origin.
  ['https://app.example.com/a/../b', 'https://app.example.com/b'],
  ['https://app.example.com/%2F%2Fevil.test', 'https://app.example.com/%2F%2Fevil.test'],
  // Encoded bytes stay encoded (no header can be injected) or decode to the allowed host itself.
  ['https://app.example.com/%0d%0aSet-Cookie:x', 'https://app.example.com/%0d%0aSet-Cookie:x'],
  ['https://app%2eexample.com/', 'https://app.example.com/'],
]

const HOSTILE = [
  '//evil.test',
  '///evil.test',
  '\\\\evil.test',
  '/\\evil.test',
  '\\/evil.test',
  'javascript:alert(1)',
  'JavaScript://app.example.com/%0aalert(1)',
  'data:text/html,hi',
  'https://evil.test/',
  'https:app.example.com/p',
  'https:/app.example.com/p',
  'https:\\\\app.example.com/p',
  'https://app.example.com\\@evil.test/',
  'https://app.example.com@evil.test/',
  'https://user:pass@app.example.com/',
  'https://user@app.example.com/',
  'https://app.example.com.evil.test/',
  'https://evil.test/?https://app.example.com',
  'https://evil.test#https://app.example.com',
  'http://app.example.com/', // another scheme is another origin
  'https://app.example.com:8443/',
  'http://localhost:8081/',
  'http://localhost/',
  'https://auth.example.com:444/',
  // IDN: a look-alike host is not the listed one (the parser turns it into punycode).
  'https://аpp.example.com/', // Cyrillic а
  'https://app.exаmple.com/',
  'https://app.example.com%2f@evil.test/',
  'https%3A%2F%2Fapp.example.com%2F',
  ' https://app.example.com/',
  'https://app.example.com/\tx',
  'https://app.example.com/ x',
  'https://app.example.com/\nx',
  'https://app.example.com/\x00',
  'https://app.example.com/\x7f',
  'https://\tapp.example.com/',
  'https://app.example.com\t/',
  'ftp://app.example.com/',
  'https://[::1]/',
  'https://0x7f.0.0.1/',
  '',
]

describe('safeNextPath with allowed origins', () => {
  test.each(ACCEPTED)('%p is followed as %p', (next, expected) => {
    expect(safeNextPath(next, ALLOWED)).toBe(expected)
  })

  test.each(HOSTILE.map((h) => [h]))('%p falls back to /account', (next) => {
    expect(safeNextPath(next, ALLOWED)).toBe('/account')
  })

  test('without allowed origins an absolute URL is never followed, even on our own origin', () => {
    expect(safeNextPath('https://auth.example.com/account')).toBe('/account')
    expect(safeNextPath('/p')).toBe('/p')
  })

  test('with no RETURN_ORIGINS only APP_URL origin is accepted', () => {
    const own = { appOrigin: 'https://auth.example.com', returnOrigins: [] }
    expect(safeNextPath('https://auth.example.com/x', own)).toBe('https://auth.example.com/x')
    expect(safeNextPath('https://app.example.com/x', own)).toBe('/account')
  })
})
