// Loopback addresses and host names: where a connection never leaves this machine.

/**
 * An IP address of the loopback interface: 127.0.0.0/8 or ::1, also written as IPv4-mapped
 * IPv6 (::ffff:127.0.0.1, what a dual-stack socket reports). Anything unusual (octal or
 * short IPv4 forms, zone ids) is not loopback: the callers grant something on a yes.
 */
export function isLoopbackIp(address: string): boolean {
  const v4 = ipv4Octets(address)
  if (v4) return v4[0] === 127
  const groups = ipv6Groups(address)
  if (!groups) return false
  const zeros = (n: number) => groups.slice(0, n).every((g) => g === 0)
  if (zeros(7) && groups[7] === 1) return true
  // ::ffff:a.b.c.d: an IPv4 address in an IPv6 socket.
  return zeros(5) && groups[5] === 0xffff && groups[6]! >> 8 === 127
}

/**
 * An SMTP_HOST that names this machine: `localhost` or a loopback IP (IPv6 in brackets or
 * not). The same exception Go's net/smtp makes for credentials over a plain connection.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/\.$/, '')
  if (name === 'localhost') return true
  return isLoopbackIp(name.replace(/^\[(.*)\]$/, '$1'))
}

function ipv4Octets(text: string): number[] | null {
  const parts = text.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p))) return null
  const octets = parts.map(Number)
  return octets.every((o) => o <= 255) ? octets : null
}

function ipv6Groups(text: string): number[] | null {
  let address = text
  // A dotted IPv4 tail stands for the last two groups.
  const tail = /^(.*:)([^:]*\.[^:]*)$/.exec(address)
  if (tail) {
    const o = ipv4Octets(tail[2]!)
    if (!o) return null
    const group = (high: number, low: number) => ((high << 8) | low).toString(16)
    address = `${tail[1]}${group(o[0]!, o[1]!)}:${group(o[2]!, o[3]!)}`
  }
  const halves = address.split('::')
  if (halves.length > 2) return null
  const parse = (half: string) => (half === '' ? [] : half.split(':'))
  const [head, rest] = [parse(halves[0]!), halves.length === 2 ? parse(halves[1]!) : null]
  const written = [...head, ...(rest ?? [])]
  if (!written.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null
  if (rest === null ? written.length !== 8 : written.length > 7) return null
  const missing = 8 - written.length
  return [...head, ...Array<string>(rest === null ? 0 : missing).fill('0'), ...(rest ?? [])].map(
    (g) => parseInt(g, 16),
  )
}
