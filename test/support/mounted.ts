// Checks for an app mounted under APP_URL's path, shared by the Bun and the workerd test: a crawl
// of every page a browser can reach (every href, action and src must stay under the base path,
// and every link must work), and the browser flow through forms and mailed links.
import { expect } from 'bun:test'
import type { FlowClient } from './client'
import { STRONG_PASSWORD, uniqueEmail } from './client'

export interface MountedClient {
  request(path: string, init?: RequestInit): Promise<Response>
  mail: FlowClient['mail']
}

/** A client whose paths are relative to the base path: the seed flows run unchanged under it. */
export function underBase(client: FlowClient, base: string): FlowClient {
  return {
    request: (path, init) => client.request(base + path, init),
    json: (method, path, body) => client.json(method, base + path, body),
    mail: client.mail,
  }
}

const decode = (value: string) =>
  value.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'")

/** Every URL a page hands the browser: href, action, src, formaction (entities decoded). */
export function urlsOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|action|src|formaction)="([^"]*)"/g)].map((m) => decode(m[1]!))
}

/** The URLs that escape the base path (a fragment is fine; an absolute URL must be APP_URL's). */
export function escapingUrls(urls: string[], appUrl: string): string[] {
  const base = new URL(appUrl).pathname
  const inside = (path: string) => path === base || path.startsWith(`${base}/`)
  return urls.filter((url) => {
    if (url.startsWith('#')) return false
    if (/^https?:\/\//i.test(url)) return !(url === appUrl || url.startsWith(`${appUrl}/`))
    return !inside(url.split(/[?#]/)[0]!)
  })
}

interface Form {
  page: string
  action: string
  fields: Record<string, string>
}

/** Each form of a page: its action, and its hidden fields with their values. */
function formsOf(page: string, html: string): Form[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((m) => {
    const action = decode(/\saction="([^"]*)"/.exec(m[1]!)?.[1] ?? page)
    const fields: Record<string, string> = {}
    for (const input of m[2]!.matchAll(/<input\b([^>]*)>/g)) {
      const attrs = Object.fromEntries(
        [...input[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, decode(a[2]!)]),
      )
      if (attrs.type === 'hidden' && attrs.name) fields[attrs.name] = attrs.value ?? ''
    }
    return { page, action, fields }
  })
}

export interface CrawlResult {
  /** Every path fetched, with its status. */
  visited: Map<string, number>
  /** Every form action posted, with its status. */
  posted: Map<string, number>
  /** `where → url` for each URL outside the base path, in a page or a Location header. */
  escaping: string[]
  /** `where → url` for each link of a page that answered 4xx or 5xx. */
  broken: string[]
}

/**
 * Fetches every page reachable from `seeds` (following links and redirects, as a browser), then
 * posts every form found with its hidden fields and nothing else (the failed-form pages), and
 * follows those answers too. `skipPosts`: actions not to submit (log-out, revoking sessions).
 */
export async function crawl(
  client: MountedClient,
  appUrl: string,
  options: { seeds: string[]; cookie?: string; skipPosts?: RegExp },
): Promise<CrawlResult> {
  const origin = new URL(appUrl).origin
  const result: CrawlResult = { visited: new Map(), posted: new Map(), escaping: [], broken: [] }
  const forms = new Map<string, Form>()
  const queue: { path: string; from: string }[] = options.seeds.map((path) => ({
    path,
    from: 'seed',
  }))
  const headers = (extra: Record<string, string> = {}) => ({
    accept: 'text/html',
    ...(options.cookie && { cookie: options.cookie }),
    ...extra,
  })

  const read = async (where: string, res: Response) => {
    const location = res.headers.get('location')
    if (location) {
      result.escaping.push(...escapingUrls([location], appUrl).map((u) => `${where} → ${u}`))
      queue.push({ path: location.replace(origin, ''), from: where })
    }
    if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) {
      await res.arrayBuffer()
      return
    }
    const html = await res.text()
    const urls = urlsOf(html)
    result.escaping.push(...escapingUrls(urls, appUrl).map((u) => `${where} → ${u}`))
    // The language switch comes back to `next`: this page, so under the base path too (a 404
    // outside it comes back to itself).
    const nexts = [...html.matchAll(/name="next" value="([^"]*)"/g)].map((m) => decode(m[1]!))
    if (escapingUrls([where.replace(/^POST /, '')], appUrl).length === 0)
      result.escaping.push(...escapingUrls(nexts, appUrl).map((u) => `${where} next → ${u}`))
    for (const form of formsOf(where, html)) forms.set(form.action, form)
    const links = [...html.matchAll(/<(?:a|link|script)\b[^>]*\s(?:href|src)="([^"]*)"/g)]
    for (const m of links) {
      const url = decode(m[1]!)
      if (!url.startsWith('#')) queue.push({ path: url.replace(origin, ''), from: where })
    }
  }

  const drain = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { path, from } = next
      if (result.visited.has(path) || !path.startsWith('/')) continue
      const res = await client.request(path, { headers: headers(), redirect: 'manual' })
      result.visited.set(path, res.status)
      if (res.status >= 400 && from !== 'seed') result.broken.push(`${from} → ${path}`)
      await read(path, res)
    }
  }

  await drain()
  for (const form of forms.values()) {
    if (options.skipPosts?.test(form.action) || result.posted.has(form.action)) continue
    const res = await client.request(form.action, {
      method: 'POST',
      headers: headers({ 'content-type': 'application/x-www-form-urlencoded', origin }),
      body: new URLSearchParams(form.fields).toString(),
      redirect: 'manual',
    })
    result.posted.set(form.action, res.status)
    await read(`POST ${form.action}`, res)
    await drain()
  }
  return result
}

/** The pages a browser can meet without following a link: mailed links, result pages, a 404. */
export const seeds = (base: string) => [
  base,
  `${base}/`,
  `${base}/nowhere`,
  `${base}/verify-email?token=abc`,
  `${base}/reset-password?token=abc`,
  `${base}/confirm-email-change?token=abc`,
  `${base}/register/check-inbox`,
  `${base}/resend-verification/check-inbox`,
  `${base}/request-password-reset/check-inbox`,
  `${base}/verify-email/done`,
  `${base}/reset-password/done`,
  `${base}/confirm-email-change/done`,
  `${base}/docs`,
  // Outside the base path: the 404 page still links into the app.
  '/nowhere',
]

const FORM = 'application/x-www-form-urlencoded'

/** The session cookie a response sets, with its attributes. */
const sessionCookieLine = (res: Response) =>
  res.headers.getSetCookie().find((line) => /^(__Host-)?session_id=[^;]/.test(line))

/**
 * Sign-up, verification by the mailed link, log-in through the `next` of a protected page,
 * log-out, password reset by the mailed link and log-in again: all as form posts with
 * text/html, every Location under the base path, every mailed link under APP_URL.
 */
export async function browserFlow(client: MountedClient, appUrl: string) {
  const base = new URL(appUrl).pathname
  const origin = new URL(appUrl).origin
  const email = uniqueEmail('mounted')
  const post = (path: string, fields: Record<string, string>, cookie?: string) =>
    client.request(path, {
      method: 'POST',
      headers: { 'content-type': FORM, origin, accept: 'text/html', ...(cookie && { cookie }) },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    })
  const get = (path: string, cookie?: string) =>
    client.request(path, {
      headers: { accept: 'text/html', ...(cookie && { cookie }) },
      redirect: 'manual',
    })
  const answer = async (res: Response) => ({
    status: res.status,
    location: res.headers.get('location'),
  })
  /** The form a mailed link opens: GET the link's path, the form posts the hidden token. */
  const openMailedLink = async (text: string, route: string) => {
    const link = new RegExp(`${appUrl}${route}\\?token=[A-Za-z0-9_-]+`).exec(text)?.[0]
    expect(link, `a ${route} link under ${appUrl}`).toBeString()
    const page = await get(link!.slice(origin.length))
    expect(page.status).toBe(200)
    const html = await page.text()
    const form = formsOf(route, html).find((f) => f.fields.token)!
    expect(form.action).toBe(`${base}${route}`)
    return form
  }

  const registerPage = await (await get(`${base}/register`)).text()
  expect(formsOf('register', registerPage).map((f) => f.action)).toContain(`${base}/register`)
  expect(
    await answer(await post(`${base}/register`, { email, password: STRONG_PASSWORD })),
  ).toEqual({ status: 303, location: `${base}/register/check-inbox` })
  const verifyMail = await client.mail(email, 'Verify your email address')
  expect(escapingUrls(urlsOf(verifyMail.html), appUrl)).toEqual([])
  const verify = await openMailedLink(verifyMail.text, '/verify-email')
  expect(await answer(await post(verify.action, verify.fields))).toEqual({
    status: 303,
    location: `${base}/verify-email/done`,
  })

  // A protected page sends the browser to log in, and the log-in brings it back there.
  const protectedPath = `${base}/account/password`
  const toLogin = await answer(await get(protectedPath))
  expect(toLogin).toEqual({ status: 303, location: `${base}/login?next=${protectedPath}` })
  const loginHtml = await (await get(toLogin.location!)).text()
  const loginForm = formsOf('login', loginHtml).find((f) => f.action.startsWith(`${base}/login`))!
  expect(loginForm.action).toBe(`${base}/login?next=${encodeURIComponent(protectedPath)}`)
  const loggedIn = await post(loginForm.action, { email, password: STRONG_PASSWORD })
  expect(await answer(loggedIn)).toEqual({ status: 303, location: protectedPath })
  // Path=/: the product's proxy asks /authz with this cookie from every page of the origin.
  const line = sessionCookieLine(loggedIn)!
  expect(line).toMatch(/; Path=\/(;|$)/)
  const cookie = line.split(';')[0]!
  expect((await get(protectedPath, cookie)).status).toBe(200)
  const account = await (await get(`${base}/account`, cookie)).text()
  expect(escapingUrls(urlsOf(account), appUrl)).toEqual([])
  expect(formsOf('account', account).map((f) => f.action)).toContain(`${base}/logout`)

  expect(await answer(await post(`${base}/logout`, {}, cookie))).toEqual({
    status: 303,
    location: `${base}/`,
  })
  expect(await answer(await get(`${base}/account`, cookie))).toEqual({
    status: 303,
    location: `${base}/login?next=${base}/account`,
  })

  expect(await answer(await post(`${base}/request-password-reset`, { email }))).toEqual({
    status: 303,
    location: `${base}/request-password-reset/check-inbox`,
  })
  const resetMail = await client.mail(email, 'Reset your password')
  expect(escapingUrls(urlsOf(resetMail.html), appUrl)).toEqual([])
  const reset = await openMailedLink(resetMail.text, '/reset-password')
  const newPassword = 'a mounted passphrase 2031'
  const fields = { ...reset.fields, new_password: newPassword, confirm_new_password: newPassword }
  expect(await answer(await post(reset.action, fields))).toEqual({
    status: 303,
    location: `${base}/reset-password/done`,
  })
  const again = await post(`${base}/login`, { email, password: newPassword })
  expect(await answer(again)).toEqual({ status: 303, location: `${base}/account` })
  return { email, cookie: sessionCookieLine(again)!.split(';')[0]! }
}
