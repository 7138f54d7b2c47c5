// Browser-test harness: the real app on Bun.serve (PGlite, in-memory stores, a real SMTP server or the
// dev mailbox), Debian's Chromium through playwright-core, and per page: screenshots and an axe-core scan.
import { describe, expect } from 'bun:test'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Page,
  type Response as PageResponse,
} from 'playwright-core'
import { createJsonLog } from '../../src/adapters/json-log'
import { createApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { type OpenDatabase, openDatabase } from '../../src/runtime/bun/database'
import { type BunDeps, createBunDeps } from '../../src/runtime/bun/deps'
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../support/smtp'

export { STRONG_PASSWORD, uniqueEmail } from '../support/client'

export const CHROMIUM = '/usr/bin/chromium'
export const RESULTS_DIR = new URL('../../test-results/browser/', import.meta.url).pathname

/** Time the app sees; tests move it to expire links without waiting. */
export class TestClock {
  offsetMs = 0
  now = () => new Date(Date.now() + this.offsetMs)
  advance(ms: number) {
    this.offsetMs += ms
  }
}

export interface RunningApp {
  url: string
  deps: BunDeps
  clock: TestClock
  log: string[]
  stop(): Promise<void>
}

const GENEROUS = [
  'GLOBAL',
  'REGISTER',
  'LOGIN',
  'LOGIN_FAILURES_PER_EMAIL',
  'VERIFY_EMAIL',
  'PASSWORD_RESET',
  'PASSWORD_RESET_PER_EMAIL',
  'RESEND_VERIFICATION',
  'RESEND_VERIFICATION_PER_EMAIL',
  'RESET_PASSWORD',
]

/**
 * Serves the app on a random loopback port. APP_URL must be the very origin the browser
 * uses (`host`), or the CSRF check refuses every form; so the port is taken first and the
 * app is built once it is known.
 */
export async function startApp(options: {
  host: '127.0.0.1' | 'localhost'
  database: OpenDatabase
  smtp?: TestSmtpServer
  env?: Record<string, string>
}): Promise<RunningApp> {
  let handle: (request: Request, server: Bun.Server<undefined>) => Response | Promise<Response> =
    () => new Response('starting', { status: 503 })
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: (request, srv) => handle(request, srv),
  })
  const url = `http://${options.host}:${server.port}`
  const smtp = options.smtp
  const config = parseConfig({
    NODE_ENV: 'test',
    APP_URL: url,
    PGLITE_DIR: 'memory://',
    JWT_SECRET: 'browser-test-secret-0123456789-0123456789',
    ...(smtp && {
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_USERNAME: smtp.username,
      SMTP_PASSWORD: smtp.password,
      SMTP_TIMEOUT_MS: '3000',
      MAIL_FROM: 'no-reply@gatehouse.test',
    }),
    ...Object.fromEntries(GENEROUS.map((rule) => [`RATE_LIMIT_${rule}`, '100000'])),
    ...options.env,
  })
  const clock = new TestClock()
  const log: string[] = []
  const deps = await createBunDeps(config, {
    clock,
    database: options.database,
    log: createJsonLog((line) => log.push(line)),
  })
  const app = createApp(() => deps, config.basePath)
  handle = (request, srv) => app.fetch(request, { server: srv })
  return {
    url,
    deps,
    clock,
    log,
    async stop() {
      await server.stop(true)
      await deps.close()
    },
  }
}

type AppOptions = Omit<Parameters<typeof startApp>[0], 'database'>

/** What a browser test file runs against; close() stops it all, newest first. */
export interface Stack {
  database: OpenDatabase
  smtp: TestSmtpServer
  /** The app on 127.0.0.1 that mails through `smtp`. */
  app: RunningApp
  browser: Browser
  /** One more app on the same database (another host name keeps its cookies apart). */
  startApp(options: AppOptions): Promise<RunningApp>
  /** The newest mail to `to` with `subject`, once `app` has sent it and `smtp` received it. */
  latestMail(to: string, subject: string): Promise<ReceivedMail>
  close(): Promise<void>
}

/**
 * A fresh in-memory database, a real SMTP server, the app mailing through it (with `env` on
 * top of the defaults) and one Chromium. If a part fails to start, those already started stop.
 */
export async function startStack(options: { env?: Record<string, string> } = {}): Promise<Stack> {
  const stops: (() => Promise<unknown>)[] = []
  async function close() {
    const errors: unknown[] = []
    for (const stop of stops.splice(0).reverse()) await stop().catch((e) => errors.push(e))
    if (errors.length > 0) throw errors[0]
  }
  const started = <T>(part: T, stop: (part: T) => Promise<unknown>) => {
    stops.push(() => stop(part))
    return part
  }
  try {
    const database = started(await openDatabase({ kind: 'pglite', dir: 'memory://' }), (d) =>
      d.close(),
    )
    await database.migrate()
    const smtp = started(await startSmtpServer(), (s) => s.stop())
    const more = (opts: AppOptions) =>
      startApp({ ...opts, database }).then((a) => started(a, (r) => r.stop()))
    // Both at once, but settled both: a part that did start must be in `stops` before close().
    const [app, browser] = await Promise.allSettled([
      more({ host: '127.0.0.1', smtp, env: options.env }),
      launchChromium().then((b) => started(b, (r) => r.close())),
    ])
    if (app.status === 'rejected') throw app.reason
    if (browser.status === 'rejected') throw browser.reason
    return {
      database,
      smtp,
      app: app.value,
      browser: browser.value,
      startApp: more,
      async latestMail(to, subject) {
        const matches = (m: ReceivedMail) => m.to.includes(to) && m.subject === subject
        await app.value.deps.settled()
        await smtp.waitFor(matches, 5000)
        return smtp.messages.findLast(matches)!
      },
      close,
    }
  } catch (error) {
    await close().catch(() => {})
    throw error
  }
}

/**
 * A page on another origin (same site: 127.0.0.1, another port) that posts forms to the app.
 * At `?no-referrer` it is sent with Referrer-Policy: no-referrer, so its posts carry `Origin: null`.
 */
export function startCrossOriginSite(html: () => string) {
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: (request) =>
      new Response(html(), {
        headers: {
          'content-type': 'text/html; charset=utf-8',
          ...(new URL(request.url).search === '?no-referrer' && {
            'referrer-policy': 'no-referrer',
          }),
        },
      }),
  })
  return { url: `http://127.0.0.1:${server.port}/`, stop: () => server.stop(true) }
}

/**
 * One Chromium for the file. launch() gives it a fresh, temporary user-data-dir of its own
 * (deleted on close), and each context is a separate cookie jar. JavaScript is on so that
 * axe-core can run (its timers stop without it); the pages have no script to run, which
 * inspect() checks, and one test goes through the forms with JavaScript off.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

export async function newContext(
  browser: Browser,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    reducedMotion: 'reduce',
    ...options,
  })
  // A missing element fails the test in seconds, not at the 30 s default.
  context.setDefaultTimeout(10_000)
  return context
}

/** Clicks a submit button and returns the final response of the navigation it causes (after redirects). */
export async function submit(page: Page, buttonName: string | RegExp): Promise<PageResponse> {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: buttonName, exact: true }).first().click(),
  ])
  if (!response) throw new Error(`pressing "${buttonName}" did not navigate`)
  return response
}

export async function follow(page: Page, linkName: string | RegExp): Promise<PageResponse> {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('link', { name: linkName, exact: true }).first().click(),
  ])
  if (!response) throw new Error(`following "${linkName}" did not navigate`)
  return response
}

/** The status of the redirect that led to this response (the 303 of a Post/Redirect/Get). */
export async function redirectStatus(response: PageResponse): Promise<number | undefined> {
  return (await response.request().redirectedFrom()?.response())?.status()
}

type Impact = 'minor' | 'moderate' | 'serious' | 'critical'
export interface AxeViolation {
  id: string
  impact: Impact | null
  help: string
  targets: string[]
}
export interface PageReport {
  name: string
  path: string
  status: number | undefined
  screenshots: string[]
  light: AxeViolation[]
  dark: AxeViolation[]
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const SEVERE = new Set<Impact | null>(['serious', 'critical'])
/** What changes between the light and the dark scheme. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block']

export const severe = (violations: AxeViolation[]) => violations.filter((v) => SEVERE.has(v.impact))

/**
 * Looks at the page as a person and a screen reader would: screenshots at 1280 and 390 px
 * (and dark at 390), an axe-core scan in light and dark, no horizontal scrolling on a phone,
 * no script, no CSP violation. inspect() returns what it saw; expectClean() also asserts.
 */
export function createInspector(subdir = '') {
  // A test file of its own gets its own folder, so its axe report stands beside the others.
  const dir = join(RESULTS_DIR, subdir)
  mkdirSync(dir, { recursive: true })
  const reports: PageReport[] = []
  const cspViolations: string[] = []
  const watched = new WeakSet<Page>()

  /** Every axe rule, or only those that depend on colours (for the second scheme). */
  async function axe(page: Page, only?: string[]): Promise<AxeViolation[]> {
    // Evaluated through the DevTools protocol: the page's CSP (no inline script) does not apply, and nothing is added to the DOM.
    if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE)
    const options = JSON.stringify({
      resultTypes: ['violations'],
      ...(only && { runOnly: { type: 'rule', values: only } }),
    })
    const result = (await page.evaluate(`window.axe.run(document, ${options})`)) as {
      violations: {
        id: string
        impact: Impact | null
        help: string
        nodes: { target: string[] }[]
      }[]
    }
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }))
  }

  async function inspect(page: Page, name: string, status?: number): Promise<PageReport> {
    const shot = (suffix: string) => {
      const file = `${name}-${suffix}.png`
      return page.screenshot({ path: join(dir, file), fullPage: true }).then(() => file)
    }
    const screenshots: string[] = []
    await page.setViewportSize({ width: 1280, height: 800 })
    screenshots.push(await shot('1280'))
    const light = await axe(page)
    await page.setViewportSize({ width: 390, height: 844 })
    screenshots.push(await shot('390'))
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')
    await page.emulateMedia({ colorScheme: 'dark' })
    const dark = await axe(page, COLOUR_RULES)
    screenshots.push(await shot('390-dark'))
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize({ width: 1280, height: 800 })
    const scripts = await page.locator('script').count()
    const report: PageReport = {
      name,
      path: new URL(page.url()).pathname,
      status,
      screenshots,
      light,
      dark,
    }
    reports.push(report)
    if (overflow !== 0) throw new Error(`${name}: scrolls sideways by ${overflow}px at 390 px wide`)
    if (scripts !== 0) throw new Error(`${name}: has ${scripts} <script> element(s)`)
    return report
  }

  return {
    reports,
    cspViolations,
    watch(page: Page) {
      if (watched.has(page)) return
      watched.add(page)
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text()))
          cspViolations.push(`${page.url()}: ${message.text()}`)
      })
    },
    inspect,
    /** Inspects the page; fails on a serious or critical axe violation or any CSP report. */
    async expectClean(page: Page, name: string, status?: number) {
      const report = await inspect(page, name, status)
      expect({ page: name, light: severe(report.light), dark: severe(report.dark) }).toEqual({
        page: name,
        light: [],
        dark: [],
      })
      expect(cspViolations).toEqual([])
    },
    writeSummary() {
      writeFileSync(join(dir, 'axe-report.json'), JSON.stringify(reports, null, 2))
    },
  }
}

const chromiumPresent = () => existsSync(CHROMIUM)

/** A describe() that is skipped, and says why, on a machine without Chromium. */
export function describeInChromium(name: string, body: () => void) {
  const present = chromiumPresent()
  if (!present)
    console.warn(`Skipping "${name}": ${CHROMIUM} is missing (apt-get install -y chromium).`)
  describe.skipIf(!present)(name, body)
}
