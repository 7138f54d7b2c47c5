import { expect, test } from 'bun:test'

test('log lines written once per turn all reach stdout, in order, even when the process exits at once', async () => {
  const script = `
    import { stdoutLines } from ${JSON.stringify(new URL('../../src/runtime/bun/stdout-lines.ts', import.meta.url).pathname)}
    const write = stdoutLines()
    for (let i = 0; i < 3; i++) write('line ' + i)
    await new Promise((resolve) => setImmediate(resolve))
    write('last')
    process.exit(0)
  `
  const child = Bun.spawn([process.execPath, '-e', script], { stdout: 'pipe', stderr: 'pipe' })
  const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited])
  expect(code).toBe(0)
  expect(out).toBe('line 0\nline 1\nline 2\nlast\n')
})
