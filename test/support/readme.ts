// The README's code blocks, taken from README.md itself so the docs cannot drift from what the
// tests run: configurations marked by a `# gatehouse-test: <name>` line inside the block, and
// TypeScript examples marked by an HTML comment `<!-- <name> -->` just before it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const readme = () => readFileSync(`${ROOT}README.md`, 'utf8')

/** The one fenced block holding the line `# gatehouse-test: <name>`. */
export function readmeConfig(name: string): string {
  const blocks = [...readme().matchAll(/```\w*\n([\s\S]*?)```/g)].map((m) => m[1]!)
  const found = blocks.filter((b) => b.split('\n').includes(`# gatehouse-test: ${name}`))
  if (found.length !== 1) throw new Error(`README.md has ${found.length} "${name}" blocks, not 1`)
  return found[0]!
}

/** The fenced `ts` block right after `<!-- <marker> -->`. */
export function readmeExample(marker: string): string {
  const block = new RegExp(`<!-- ${marker} -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(readme())
  if (!block) throw new Error(`README.md has no ${marker} block`)
  return block[1]!
}

/**
 * Imports a README example as a module of its own, with `env` set while it loads (examples read
 * process.env at the top, as a product would). It is written under node_modules, so that its
 * imports (hono, standardwebhooks) resolve as they would in a product.
 */
export async function importReadmeExample<T>(marker: string, env: Record<string, string>) {
  const dir = `${ROOT}node_modules/.cache/gatehouse-readme`
  mkdirSync(dir, { recursive: true })
  const file = `${dir}/${marker}-${crypto.randomUUID()}.ts`
  writeFileSync(file, readmeExample(marker))
  const saved = Object.keys(env).map((k) => [k, process.env[k]] as const)
  Object.assign(process.env, env)
  try {
    return (await import(file)) as T
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}
