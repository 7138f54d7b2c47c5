// The negotiation rules: which representation a request gets, and which GET of a mailed link may act.
import { describe, expect, test } from 'bun:test'
import { mayActOnLink, wantsHtml } from '../../src/http/negotiate'

const request = (headers: Record<string, string>, method = 'GET') =>
  new Request('http://localhost/verify-email?token=x', { method, headers })

describe('mayActOnLink', () => {
  test('acts only for GET with application/json named in Accept', () => {
    const acts: Record<string, boolean> = {
      'application/json': true,
      'Application/JSON': true,
      'application/json; charset=utf-8': true,
      'application/json;q=0.5, text/plain': true,
      'text/plain, application/json': true,
      '*/*': false,
      'application/*': false,
      'application/xhtml+xml,*/*': false,
      'application/problem+json': false,
      'application/jsonx': false,
      'application/json;q=0': false,
      'application/json; q=0.0': false,
      'text/html': false,
      'text/html, application/json': false,
      'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8': false,
      '': false,
    }
    for (const [accept, expected] of Object.entries(acts))
      expect({ accept, acts: mayActOnLink(request({ accept })) }).toEqual({
        accept,
        acts: expected,
      })
    expect(mayActOnLink(request({}))).toBe(false)
  })

  test('never for HEAD or another method, whatever the Accept', () => {
    for (const method of ['HEAD', 'POST', 'OPTIONS'])
      expect(mayActOnLink(request({ accept: 'application/json' }, method))).toBe(false)
  })

  test('the general rule is unchanged: */* and no Accept get JSON elsewhere', () => {
    expect(wantsHtml(request({ accept: '*/*' }))).toBe(false)
    expect(wantsHtml(request({}))).toBe(false)
    expect(wantsHtml(request({ accept: 'text/html' }))).toBe(true)
  })
})
