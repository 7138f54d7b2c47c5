// /docs in Chromium: Swagger UI renders under the contract CSP, shows /register's schema, and "Try it out" registers.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueEmail } from '../support/app'

const CHROMIUM = '/usr/bin/chromium'
const RESULTS = new URL('../../test-results/docs/', import.meta.url).pathname

// At the root, and mounted under a path: there every request the page makes stays under /auth,
// and "Try it out" posts to /auth/register, the document's server being APP_URL with its path.
for (const base of ['', '/auth'])
describe.skipIf(!existsSync(CHROMIUM))(`${base}/docs in a browser`, () => {
  let t: TestApp
  let server: ReturnType<typeof Bun.serve>
  let url: string
  let browser: Browser
  let page: Page
  const problems: string[] = []

  beforeAll(async () => {
    // APP_URL must be the origin the browser uses: the document's server URL is APP_URL.
    let handle: (request: Request, srv: typeof server) => Response | Promise<Response> = () => new Response('starting', { status: 503 })
    server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request, srv) => handle(request, srv) })
    url = `http://127.0.0.1:${server.port}${base}`
    t = await createTestApp({ env: { APP_URL: url } })
    handle = (request, srv) => t.app.fetch(request, { server: srv })
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`))
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop(true)
    await t?.close()
  })

  test('renders every route without a CSP violation or a request off the app', async () => {
    const offSite: string[] = []
    page.on('request', (request) => {
      if (!request.url().startsWith(url)) offSite.push(request.url())
    })
    await page.goto(`${url}/docs`)
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 })
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item)).length
    expect(await page.locator('.opblock').count()).toBe(operations)
    await expect(page.locator('.info .title').innerText()).resolves.toContain('Gatehouse API')
    mkdirSync(RESULTS, { recursive: true })
    await page.screenshot({ path: `${RESULTS}docs${base.replace('/', '-')}.png` })
    expect(offSite).toEqual([])
    expect(problems).toEqual([])
  }, 30_000)

  test('POST /register shows its schema, and "Try it out" registers', async () => {
    const register = page.locator('#operations-Sign-up_and_verification-register')
    await register.locator('.opblock-summary').click()
    await register.getByRole('tab', { name: 'Schema' }).first().click()
    const schema = register.locator('.model-example').first()
    await expect(schema.innerText()).resolves.toMatch(/RegisterInput[\s\S]*email[\s\S]*password[\s\S]*\[15, 256\] characters/)

    await register.getByRole('button', { name: 'Try it out' }).click()
    const email = uniqueEmail('swagger')
    await register.locator('textarea.body-param__text').fill(JSON.stringify({ email, password: STRONG_PASSWORD }))
    await register.getByRole('button', { name: 'Execute' }).click()
    const live = register.locator('.live-responses-table .response')
    await live.first().waitFor({ timeout: 10_000 })
    const text = await live.first().innerText()
    expect(text).toContain('201')
    expect(text).toContain('User registered successfully')
    expect((await t.mail(email, 'Verify your email address')).token).toBeDefined()
    await register.screenshot({ path: `${RESULTS}docs${base.replace('/', '-')}-register.png` })
    expect(problems).toEqual([])
  }, 30_000)
})
