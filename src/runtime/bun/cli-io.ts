// The operator command line's process: its arguments, environment, output and exit, on Bun or
// Node (the node: modules both provide), so that src/cli holds no runtime import.
import { writeSync } from 'node:fs'
import { parseArgs } from 'node:util'

export type Flag = { type: 'boolean' | 'string'; short?: string }
export type FlagValues = Record<string, string | boolean | undefined>

/** Strict parse (an unknown flag throws); values keyed by flag name. */
export function parseCommandLine(
  args: string[],
  options: Record<string, Flag>,
): { values: FlagValues; positionals: string[] } {
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true })
  return { values: values as FlagValues, positionals }
}

/** Written synchronously: the process exits right after, and piped output must not be cut. */
export const writeStdout = (text: string) => writeSync(1, text)
export const writeStderr = (text: string) => writeSync(2, text)

export const processArgs = () => process.argv.slice(2)
export const processEnv = () => process.env
export const exitProcess = (code: number): never => process.exit(code)
