// Under APP_URL's path every URL the app hands out goes through one helper (views: `p.url`,
// routes: `pathTo`). The crawl in test/routes/base-path.test.ts checks the pages it reaches;
// this checks the source, so a page no crawl reaches cannot keep a bare '/path' either.
import { describe, expect, test } from 'bun:test'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(import.meta.dir, '../..')

const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join(dir, f))

/** A root-relative URL written out where it becomes an href, action, src or Location. */
const BARE = [
  /\b(?:href|action|src|formaction)="\//,
  /\b(?:href|action|src|formaction)=\{\s*['`]\//,
  /\bhref:\s*['`]\//,
  /\.redirect\(\s*['`]\//,
]

function bareUrls(files: string[]): string[] {
  const found: string[] = []
  for (const file of files) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n')
    lines.forEach((line, i) => {
      if (BARE.some((re) => re.test(line))) found.push(`${file}:${i + 1}: ${line.trim()}`)
    })
  }
  return found
}

describe('no bare root-relative URL in views or routes', () => {
  test('every href, action, src and redirect names its route through p.url or pathTo', () => {
    expect(bareUrls([...sources('views'), ...sources('src/http')])).toEqual([])
  })

  test('the check finds what it looks for', () => {
    const samples = [
      '<a href="/login">',
      '<form action={`/login?next=' + 'x`}>',
      "{ href: '/account', label }",
      "return c.redirect('/account', 303)",
    ]
    for (const sample of samples) expect(BARE.some((re) => re.test(sample))).toBe(true)
    for (const fine of ['<a href={p.url("/login")}>', "c.redirect(pathTo(c, '/'), 303)"])
      expect(BARE.some((re) => re.test(fine))).toBe(false)
  })
})
