// ?next= after log-in: only a same-origin relative path, anything else falls back to /account.

const FALLBACK = '/account'

export function safeNextPath(next: string | undefined): string {
  if (!next) return FALLBACK
  // One leading slash, not // or /\ (browsers read both as another host), no control characters or spaces.
  if (!/^\/(?![/\\])[^\\\s\x00-\x1f\x7f]*$/.test(next)) return FALLBACK
  const base = 'http://gatehouse.invalid'
  try {
    const url = new URL(next, base)
    return url.origin === base ? url.pathname + url.search + url.hash : FALLBACK
  } catch {
    return FALLBACK
  }
}
