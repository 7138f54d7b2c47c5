// Content negotiation: one URL, two representations (JSON or an HTML page).
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../deps'

export const isJsonType = (type: string) => /^application\/([a-z0-9.+-]*\+)?json\b/i.test(type)
export const isFormType = (type: string) =>
  /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)

/** HTML for form bodies and for requests whose Accept asks for text/html; JSON otherwise. */
export function wantsHtml(request: Request): boolean {
  // Every request asks, and most carry no body: no type, no regular expressions.
  const type = request.headers.get('content-type')
  if (type) {
    if (isJsonType(type)) return false
    if (isFormType(type)) return true
  }
  return request.headers.get('accept')?.toLowerCase().includes('text/html') === true
}

/**
 * Whether a GET that would change state (a mailed link: verify, confirm an email change)
 * may act. Mail scanners, link unfurlers and prefetchers send `*\/*`, no Accept, a
 * browser's list or HEAD; none of them names application/json itself, so none of them
 * acts: only a JSON client that asked for JSON on purpose does.
 */
export function mayActOnLink(request: Request): boolean {
  return request.method === 'GET' && !wantsHtml(request) && namesJson(request.headers.get('accept'))
}

/** `application/json` named with a quality above 0; `*\/*` and `application/*` do not count. */
function namesJson(accept: string | null): boolean {
  if (!accept) return false
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((s) => s.trim().toLowerCase())
    if (type !== 'application/json') return false
    const q = params.find((p) => p.startsWith('q='))
    return q === undefined || Number(q.slice(2)) > 0
  })
}

/**
 * For the routes of mailed links: the answer is the page (which only asks, and changes
 * nothing) unless `mayActOnLink`; set before the rate limit so that every answer of the
 * route, errors included, comes in the same representation.
 */
export function linkRepresentation(): MiddlewareHandler<AppEnv> {
  return async function linkRepresentation(c, next) {
    c.set('html', !mayActOnLink(c.req.raw))
    return next()
  }
}

export function hasBody(request: Request): boolean {
  const length = request.headers.get('content-length')
  if (length !== null) return length !== '0'
  return request.headers.has('transfer-encoding') || request.body !== null
}
