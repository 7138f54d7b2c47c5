// Where `next` may send a browser after log-in: a same-origin relative path, or an absolute
// http(s) URL on APP_URL's origin or one of RETURN_ORIGINS; anything else falls back to /account
// (the caller's, which under a base path is `${base}/account`).

/** The origins an absolute `next` may name, besides none at all (a path). */
export interface ReturnOrigins {
  appOrigin: string
  returnOrigins: readonly string[]
}

/**
 * `next` when it is safe, else `fallback`. A path is origin-relative, as the browser reads it:
 * under a base path, the product's own pages beside Gatehouse are valid targets too.
 */
export function safeNextPath(
  next: string | undefined,
  allowed?: ReturnOrigins,
  fallback = '/account',
): string {
  if (!next) return fallback
  if (allowed && /^https?:/i.test(next)) return safeAbsolute(next, allowed) ?? fallback
  if (!isLocalPath(next)) return fallback
  const base = 'http://gatehouse.invalid'
  try {
    const url = new URL(next, base)
    const path = url.pathname + url.search + url.hash
    // Checked again after resolving: dot segments turn "/.//evil" or "/a/..//evil" into "//evil".
    return url.origin === base && isLocalPath(path) ? path : fallback
  } catch {
    return fallback
  }
}

/**
 * The URL as the parser reads it (what the browser will follow), only when its origin is an
 * allowed one exactly. The raw text must already look like `scheme://host…` with nothing the
 * parser would silently repair (backslashes, whitespace, control characters), and no userinfo:
 * `https://app.example.com@evil.test` reads as another host to a human.
 */
function safeAbsolute(next: string, allowed: ReturnOrigins): string | undefined {
  if (!/^https?:\/\/[^/\\?#@\s\x00-\x1f\x7f]+(?:[/?#][^\\\s\x00-\x1f\x7f]*)?$/i.test(next)) return
  let url: URL
  try {
    url = new URL(next)
  } catch {
    return
  }
  if (url.username || url.password) return
  if (url.origin !== allowed.appOrigin && !allowed.returnOrigins.includes(url.origin)) return
  return url.href
}

/**
 * One leading slash, not // or /\ (browsers read both as another host), no control characters or
 * spaces.
 */
function isLocalPath(path: string): boolean {
  return /^\/(?![/\\])[^\\\s\x00-\x1f\x7f]*$/.test(path)
}
