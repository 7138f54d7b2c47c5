// ?next= after log-in: only a same-origin relative path, anything else falls back to /account.

const FALLBACK = '/account'

export function safeNextPath(next: string | undefined): string {
  if (!next) return FALLBACK
  if (!isLocalPath(next)) return FALLBACK
  const base = 'http://gatehouse.invalid'
  try {
    const url = new URL(next, base)
    const path = url.pathname + url.search + url.hash
    // Checked again after resolving: dot segments turn "/.//evil" or "/a/..//evil" into "//evil".
    return url.origin === base && isLocalPath(path) ? path : FALLBACK
  } catch {
    return FALLBACK
  }
}

/**
 * One leading slash, not // or /\ (browsers read both as another host), no control characters or
 * spaces.
 */
function isLocalPath(path: string): boolean {
  return /^\/(?![/\\])[^\\\s\x00-\x1f\x7f]*$/.test(path)
}
