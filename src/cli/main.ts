#!/usr/bin/env bun
// `gatehouse <group> <command>`: the operator's command line, on the server's own config and ports.
import { ConfigError } from '../config'
import { describeError } from '../errors'
import { exitProcess, processArgs, writeStderr, writeStdout } from '../runtime/bun/cli-io'
import { EmbeddedDatabaseError } from '../runtime/bun/pglite-lock'
import { EXIT, NotFoundError, output, UsageError } from './context'
import { DB_HELP, db } from './db'
import { MAIL_HELP, mail } from './mail'
import { USERS_HELP, users } from './users'

const HELP = `gatehouse: the operator command line
(same DATABASE_URL and Redis settings as the server)

${USERS_HELP}

${MAIL_HELP}

${DB_HELP}

Exit codes: 0 success, 1 user or mail not found (or the command failed: the message says
which), 2 bad usage or a setting the command refuses.`

const GROUPS = { users, mail, db } as const

/** The exit code and the one line that says why, for whatever a command threw. */
function failure(error: unknown): [number, string] {
  if (error instanceof NotFoundError) return [EXIT.notFound, error.message]
  if (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    error instanceof EmbeddedDatabaseError
  )
    return [EXIT.usage, error.message]
  // Unexpected (the database or Redis unreachable): one line naming the error and its causes,
  // never a stack, SQL or parameters (describeError drops a failed query's text).
  return [EXIT.failed, `gatehouse: the command failed: ${describeError(error)}`]
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json')
  const out = output(json)
  const [group, ...rest] = argv
  try {
    if (!group || group === '--help' || group === '-h' || group === 'help') {
      out.result({ help: HELP }, () => HELP)
      return group ? EXIT.ok : EXIT.usage
    }
    const run = Object.hasOwn(GROUPS, group) ? GROUPS[group as keyof typeof GROUPS] : undefined
    if (!run) throw new UsageError(`unknown command: ${group}\n\n${HELP}`)
    await run(rest, out)
    return EXIT.ok
  } catch (error) {
    const [code, message] = failure(error)
    // With --json the error is one JSON document too, on stdout like any result.
    if (json) writeStdout(`${JSON.stringify({ error: message.split('\n')[0], exitCode: code })}\n`)
    writeStderr(`${message}\n`)
    return code
  }
}

exitProcess(await main(processArgs()))
