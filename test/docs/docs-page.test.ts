// GET /docs and its assets: everything from the app itself, under the contract's CSP.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createTestApp, type TestApp } from '../support/app'
import { CSP } from '../support/headers'


let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
}, 30_000)
afterAll(() => t.close())

describe('GET /docs', () => {
  test('a page under the contract CSP, with no inline script or style, loading only app URLs', async () => {
    const res = await t.request('/docs', { headers: { accept: 'text/html' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('content-security-policy')).toBe(CSP)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    const html = await res.text()
    expect(html).toStartWith('<!doctype html>')
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    expect(scripts.length).toBe(2)
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/docs\/assets\//)
      expect(body).toBe('')
    }
    expect(html).not.toMatch(/<style|style=|\son[a-z]+=/i)
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    for (const url of urls) expect(url).toStartWith('/')
    for (const url of urls.filter((u) => u.startsWith('/docs/assets/'))) expect((await t.request(url)).status).toBe(200)
  })

  test('is HTML whatever the Accept header says', async () => {
    const res = await t.request('/docs', { headers: { accept: 'application/json' } })
    expect(res.headers.get('content-type')).toContain('text/html')
  })
})

describe('GET /docs/assets/:name', () => {
  test('Swagger UI from the swagger-ui-dist package, cacheable, with the security headers', async () => {
    const js = await t.request('/docs/assets/swagger-ui-bundle.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.headers.get('cache-control')).toBe('public, max-age=86400')
    expect(js.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await js.text()).toContain('SwaggerUIBundle')
    const gzipped = await t.request('/docs/assets/swagger-ui-bundle.js', { headers: { 'accept-encoding': 'gzip' } })
    expect(gzipped.headers.get('content-encoding')).toBe('gzip')
    const unzipped = await new Response(gzipped.body!.pipeThrough(new DecompressionStream('gzip'))).text()
    expect(unzipped.length).toBe((await (await t.request('/docs/assets/swagger-ui-bundle.js')).text()).length)
    const init = await (await t.request('/docs/assets/docs.js')).text()
    expect(init).toContain("url: 'openapi.json'")
    expect(init).toContain('validatorUrl: null')
  })

  test("the stylesheet's data: images are served as files, since the CSP allows only 'self'", async () => {
    const css = await (await t.request('/docs/assets/swagger-ui.css')).text()
    expect(css).toContain('.swagger-ui')
    expect(css).not.toContain('data:')
    const images = [...new Set([...css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]!))]
    expect(images.length).toBeGreaterThan(5)
    for (const image of images) {
      const res = await t.request(`/docs/assets/${image}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toStartWith('image/')
      const bytes = new Uint8Array(await res.arrayBuffer())
      if (image.endsWith('.svg')) expect(new TextDecoder().decode(bytes)).toStartWith('<svg')
      if (image.endsWith('.png')) expect([...bytes.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47])
    }
  })

  test('unknown assets are 404 in the contract shape', async () => {
    const res = await t.json('GET', '/docs/assets/nope.js')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ detail: 'Not Found' })
  })
})
