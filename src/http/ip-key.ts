// The key per-IP rate limits count a client under: an IPv6 one by its /64, any other as it is.

/**
 * One IPv6 subscriber usually holds a whole /64 and may pick any address in it, so keying by
 * the full address would give them 2^64 fresh counters. Logs keep the full address; only the
 * counters share one key. IPv4 and IPv4-mapped (::ffff:a.b.c.d) clients keep their address.
 */
export function ipRateLimitKey(ip: string): string {
  // Every request asks: an IPv4 address (no colon) is its own key, without the parse.
  if (!ip.includes(':')) return ip
  const groups = parseIpv6(ip)
  if (!groups) return ip
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.')
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`
}

/** The eight 16-bit groups of an IPv6 address (zone and brackets ignored), or null. */
function parseIpv6(text: string): number[] | null {
  let s = text.trim().replace(/^\[(.*)\]$/, '$1')
  const zone = s.indexOf('%')
  if (zone !== -1) s = s.slice(0, zone)
  if (!s.includes(':')) return null
  // A dotted IPv4 tail (::ffff:192.0.2.1, 64:ff9b::192.0.2.1) stands for the last two groups.
  const lastColon = s.lastIndexOf(':')
  const tail = s.slice(lastColon + 1)
  if (tail.includes('.')) {
    const octets = tail.split('.')
    if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255))
      return null
    const [a, b, c, d] = octets.map(Number) as [number, number, number, number]
    s = `${s.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const halves = s.split('::')
  if (halves.length > 2) return null
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'))
  const head = groupsOf(halves[0]!)
  const rest = halves.length === 2 ? groupsOf(halves[1]!) : []
  const all = [...head, ...rest]
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null
  if (halves.length === 2 ? all.length > 7 : all.length !== 8) return null
  const zeros = new Array<string>(8 - all.length).fill('0')
  return [...head, ...zeros, ...rest].map((g) => parseInt(g, 16))
}
