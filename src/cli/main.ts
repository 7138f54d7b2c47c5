#!/usr/bin/env bun
// `gatehouse <group> <command>`: the operator's command line, on the server's own config and ports.
import { writeSync } from 'node:fs'
import { ConfigError } from '../config'
import { EXIT, NotFoundError, output, UsageError } from './context'
import { DB_HELP, db } from './db'
import { MAIL_HELP, mail } from './mail'
import { USERS_HELP, users } from './users'

const HELP = `gatehouse: the operator command line (same DATABASE_URL and Redis settings as the server)

${USERS_HELP}

${MAIL_HELP}

${DB_HELP}

Exit codes: 0 success, 1 user or mail not found, 2 bad usage.`

const GROUPS = { users, mail, db } as const

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json')
  const out = output(json)
  const [group, ...rest] = argv
  try {
    if (!group || group === '--help' || group === '-h' || group === 'help') {
      out.result({ help: HELP }, () => HELP)
      return group ? EXIT.ok : EXIT.usage
    }
    const run = GROUPS[group as keyof typeof GROUPS]
    if (!run) throw new UsageError(`unknown command: ${group}\n\n${HELP}`)
    await run(rest, out)
    return EXIT.ok
  } catch (error) {
    const [code, message] =
      error instanceof NotFoundError
        ? [EXIT.notFound, error.message]
        : error instanceof UsageError || error instanceof ConfigError
          ? [EXIT.usage, error.message]
          : [
              EXIT.usage + 1,
              `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
            ]
    // With --json the error is one JSON document too, on stdout like any result.
    if (json) writeSync(1, `${JSON.stringify({ error: message.split('\n')[0], exitCode: code })}\n`)
    writeSync(2, `${message}\n`)
    return code
  }
}

process.exit(await main(process.argv.slice(2)))
