// `gatehouse users …`: list, show, and the operator's changes, each through the use-case the
// HTTP routes use, logged as `admin.<action>` with its webhook written in the change's transaction.
import { parseArgs } from 'node:util'
import { deactivateUser, reactivateUser } from '../auth/deactivate-user'
import { deleteAccount } from '../auth/delete-account'
import { revokeUserSessions } from '../auth/session'
import type { User } from '../ports'
import { type CliDeps, NotFoundError, type Output, openDeps, table, UsageError } from './context'

export const USERS_HELP = `gatehouse users <command> [options]

Commands:
  list [--unverified] [--deactivated] [--search TEXT] [--limit N]
                              id, email, verified, active, created
  show EMAIL                  the user, their live sessions, their last mails
  deactivate EMAIL            is_active = false; every session ends at once
  reactivate EMAIL            is_active = true
  verify EMAIL                marks the email verified
  revoke-sessions EMAIL       ends every session of the user
  delete EMAIL --yes          as /account/delete, without the password

Every command takes --json (one JSON document) and --help.`

const HELP: Record<string, string> = {
  list: 'gatehouse users list [--unverified] [--deactivated] [--search TEXT] [--limit N] [--json]\n\nLists users, newest first (default limit 50).',
  show: 'gatehouse users show EMAIL [--json]\n\nThe user, whether sessions are live, and their last 10 mails.',
  deactivate:
    "gatehouse users deactivate EMAIL [--json]\n\nSets is_active = false and ends every session at once (needs the servers' Redis).",
  reactivate: 'gatehouse users reactivate EMAIL [--json]\n\nSets is_active = true.',
  verify:
    'gatehouse users verify EMAIL [--json]\n\nMarks the email verified, so the user can log in without the mail.',
  'revoke-sessions':
    "gatehouse users revoke-sessions EMAIL [--json]\n\nEnds every session of the user (needs the servers' Redis).",
  delete:
    "gatehouse users delete EMAIL --yes [--json]\n\nDeletes the account as /account/delete does (every session ends, the deletion mail and user.deleted go out), without the password. Needs the servers' Redis and SMTP.",
}

const LIST_FLAGS = ['unverified', 'deactivated', 'search', 'limit']

const COMMON = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new UsageError(`${name} must be a whole number from 1 to 10000`)
  return n
}

function oneEmail(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new UsageError(`usage: gatehouse users ${command} EMAIL`)
  return positionals[0]!.trim().toLowerCase()
}

async function findUser(cli: CliDeps, email: string): Promise<User> {
  const user = await cli.deps.db.findUserByEmail(email)
  if (!user) throw new NotFoundError(`no user with the email ${email}`)
  return user
}

function describe(user: Pick<User, 'id' | 'email' | 'isActive' | 'isVerified'>) {
  return { id: user.id, email: user.email, verified: user.isVerified, active: user.isActive }
}

/** Runs `users <command>`; returns nothing (errors are thrown as UsageError / NotFoundError). */
export async function users(args: string[], out: Output): Promise<void> {
  const [command, ...rest] = args
  if (!command || command === '--help' || command === '-h') {
    out.result({ help: USERS_HELP }, () => USERS_HELP)
    if (!command) throw new UsageError('a users command is needed')
    return
  }
  const help = HELP[command]
  if (!help) throw new UsageError(`unknown command: users ${command}\n\n${USERS_HELP}`)
  const options = {
    ...COMMON,
    unverified: { type: 'boolean' },
    deactivated: { type: 'boolean' },
    search: { type: 'string' },
    limit: { type: 'string' },
    yes: { type: 'boolean' },
  } as const
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${help}`)
  }
  // One option set parses every command; a flag of another command is bad usage here.
  const allowed = command === 'list' ? LIST_FLAGS : command === 'delete' ? ['yes'] : []
  const stray = Object.keys(parsed.values).filter(
    (k) => k !== 'json' && k !== 'help' && !allowed.includes(k),
  )
  if (stray.length) throw new UsageError(`unknown option --${stray[0]}\n\n${help}`)
  const values = parsed.values as Record<string, string | boolean | undefined>
  if (values.help) {
    out.result({ help }, () => help)
    return
  }
  if (command === 'delete' && !values.yes)
    throw new UsageError('users delete removes the account for good: add --yes to confirm')

  let email: string | undefined
  let limit = 50
  if (command === 'list') {
    if (parsed.positionals.length) throw new UsageError(help)
    limit = positiveInt(values.limit as string | undefined, 50, '--limit')
  } else {
    email = oneEmail(parsed.positionals, command)
  }

  const cli = await openDeps({
    sessions: command === 'deactivate' || command === 'revoke-sessions',
  })
  try {
    const { deps, admin } = cli
    switch (command) {
      case 'list': {
        const rows = await admin.listUsers({
          unverified: Boolean(values.unverified),
          deactivated: Boolean(values.deactivated),
          search: values.search as string | undefined,
          limit,
        })
        out.result({ users: rows }, () =>
          table(
            ['id', 'email', 'verified', 'active', 'created'],
            rows.map((r) => [r.id, r.email, r.verified, r.active, r.created]),
          ),
        )
        return
      }
      case 'show': {
        const user = await findUser(cli, email!)
        const row = await admin.userRow(user.id)
        const mails = await admin.listMail({ userId: user.id, limit: 10 })
        // The store keys sessions by a hash of the secret, not by user: what it can say is
        // whether the user's sessions have been revoked, not list them one by one.
        const generation = await deps.sessions.generation(user.id)
        const value = {
          user: { ...describe(user), created: row?.created },
          sessions: { revocationGeneration: generation },
          mails,
        }
        out.result(value, () =>
          [
            table(
              ['id', 'email', 'verified', 'active', 'created'],
              [[user.id, user.email, user.isVerified, user.isActive, row?.created]],
            ),
            '',
            `sessions: revocation generation ${generation}`,
            '',
            'last mails:',
            table(
              ['id', 'kind', 'state', 'attempts', 'created', 'sent'],
              mails.map((m) => [m.id, m.kind, m.state, m.attempts, m.created, m.sent]),
            ),
          ].join('\n'),
        )
        return
      }
      case 'deactivate': {
        const user = await findUser(cli, email!)
        const result = await deactivateUser(deps, user.id)
        if (!result.ok) throw new NotFoundError(`no user with the email ${email}`)
        deps.log.info('admin.deactivate', {
          userId: user.id,
          sessionsRevoked: result.sessionsRevoked,
        })
        out.result(
          { user: describe(result.user), sessionsRevoked: result.sessionsRevoked },
          () => `deactivated ${user.email} (id ${user.id}); every session ended`,
        )
        return
      }
      case 'reactivate': {
        const user = await findUser(cli, email!)
        const result = await reactivateUser(deps, user.id)
        if (!result.ok) throw new NotFoundError(`no user with the email ${email}`)
        deps.log.info('admin.reactivate', { userId: user.id })
        out.result(
          { user: describe(result.user) },
          () => `reactivated ${user.email} (id ${user.id})`,
        )
        return
      }
      case 'verify': {
        const user = await findUser(cli, email!)
        const result = await admin.markVerified(user.id, deps.clock.now())
        if (!result) throw new NotFoundError(`no user with the email ${email}`)
        deps.log.info('admin.verify', { userId: user.id, changed: result.changed })
        out.result({ user: describe(result.user), alreadyVerified: !result.changed }, () =>
          result.changed
            ? `verified ${user.email} (id ${user.id})`
            : `${user.email} (id ${user.id}) was already verified`,
        )
        return
      }
      case 'delete': {
        const user = await findUser(cli, email!)
        const result = await deleteAccount(deps, user.id)
        if (!result.ok) throw new NotFoundError(`no user with the email ${email}`)
        deps.log.info('admin.delete', { userId: user.id, sessionsRevoked: result.sessionsRevoked })
        out.result(
          { deleted: { id: user.id, email: user.email }, sessionsRevoked: result.sessionsRevoked },
          () => `deleted ${user.email} (id ${user.id}); every session ended`,
        )
        return
      }
      case 'revoke-sessions': {
        const user = await findUser(cli, email!)
        const revoked = await revokeUserSessions(deps, user.id)
        await admin.recordEvent(user, 'user.sessions_revoked', deps.clock.now())
        deps.log.info('admin.revoke_sessions', { userId: user.id, sessionsRevoked: revoked })
        out.result(
          { user: describe(user), sessionsRevoked: revoked },
          () => `ended every session of ${user.email} (id ${user.id})`,
        )
        return
      }
    }
  } finally {
    await cli.close()
  }
}
