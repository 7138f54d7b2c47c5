// Runs the operator command line as a subprocess, with only the environment it is given.
import { fileURLToPath } from 'node:url'

export const CLI_MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export async function runCli(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<CliRun> {
  const proc = Bun.spawn([process.execPath, CLI_MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd,
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ])
  return { code, stdout, stderr }
}
