// A short human label for a User-Agent ("Firefox on Linux", "Safari on iPhone", "curl").

// Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  // Headless Chromium (automation, screenshots) says "HeadlessChrome/": still Chrome.
  [/(\b|Headless)(Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
]

const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
]

// Command-line tools and libraries name themselves first: "curl/8.5.0".
const TOOLS: [RegExp, string][] = [
  [/^curl\//i, 'curl'],
  [/^Wget\//i, 'Wget'],
  [/^HTTPie\//i, 'HTTPie'],
  [/^python-requests\//i, 'Python requests'],
  [/^PostmanRuntime\//i, 'Postman'],
  [/^Bun\//i, 'Bun'],
  [/^node(-fetch)?\b/i, 'Node.js'],
  [/^Deno\//i, 'Deno'],
]

const find = (table: [RegExp, string][], ua: string) => table.find(([re]) => re.test(ua))?.[1]

export function deviceLabel(userAgent: string | undefined): string {
  const ua = (userAgent ?? '').trim()
  if (!ua) return 'Unknown device'
  const tool = find(TOOLS, ua)
  if (tool) return tool
  const browser = find(BROWSERS, ua)
  const system = find(SYSTEMS, ua)
  if (browser && system) return `${browser} on ${system}`
  return browser ?? system ?? 'Unknown device'
}
