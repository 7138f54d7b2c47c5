// `gatehouse users …`: list, show, and the operator's changes, each through the use-case the
// HTTP routes use, logged as `admin.<action>` with its webhook written in the change's transaction.
import { deactivateUser, reactivateUser } from '../auth/deactivate-user'
import { deleteAccount } from '../auth/delete-account'
import { revokeUserSessions } from '../auth/session'
import type { User } from '../ports'
import {
  type CliDeps,
  type Command,
  dispatch,
  limitFlag,
  NotFoundError,
  type Output,
  openDeps,
  table,
  UsageError,
} from './context'

export const USERS_HELP = `gatehouse users <command> [options]

Commands:
  list [--unverified] [--deactivated] [--search TEXT] [--limit N]
                              id, email, verified, active, created, last log-in
  show EMAIL                  the user, their live sessions, their last mails
  deactivate EMAIL            is_active = false; every session ends at once
  reactivate EMAIL            is_active = true
  verify EMAIL                marks the email verified
  revoke-sessions EMAIL       ends every session of the user
  delete EMAIL --yes          as /account/delete, without the password

Every command takes --json (one JSON document) and --help.`

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

/** Opens the deps, runs `work`, closes them (deferred webhook and mail attempts finish first). */
async function withDeps<T>(
  options: Parameters<typeof openDeps>[0],
  work: (cli: CliDeps) => Promise<T>,
): Promise<T> {
  const cli = await openDeps(options)
  try {
    return await work(cli)
  } finally {
    await cli.close()
  }
}

/** A command on one user: `users NAME EMAIL`, the user looked up first (1 when unknown). */
function onUser(
  name: string,
  usage: string,
  options: Parameters<typeof openDeps>[0],
  work: (cli: CliDeps, user: User, out: Output) => Promise<void>,
  flags?: Command['flags'],
  check?: (values: Record<string, unknown>) => void,
): Command {
  return {
    usage,
    flags,
    async run({ values, positionals }, out) {
      const email = oneEmail(positionals, name)
      check?.(values)
      await withDeps(options, async (cli) => work(cli, await findUser(cli, email), out))
    },
  }
}

const SESSION_COLUMNS = ['session', 'created', 'last seen', 'ip', 'device']
const MAIL_COLUMNS = ['id', 'kind', 'state', 'attempts', 'last error', 'created', 'sent']

const COMMANDS: Record<string, Command> = {
  list: {
    usage:
      'gatehouse users list [--unverified] [--deactivated] [--search TEXT] [--limit N] ' +
      '[--json]\n\nLists users, newest first (default limit 50), with their last log-in.',
    flags: {
      unverified: { type: 'boolean' },
      deactivated: { type: 'boolean' },
      search: { type: 'string' },
      limit: { type: 'string' },
    },
    async run({ values, positionals }, out) {
      if (positionals.length) throw new UsageError('usage: gatehouse users list [options]')
      const limit = limitFlag(values.limit, 50)
      const rows = await withDeps({}, (cli) =>
        cli.admin.listUsers({
          unverified: Boolean(values.unverified),
          deactivated: Boolean(values.deactivated),
          search: values.search as string | undefined,
          limit,
        }),
      )
      out.result({ users: rows }, () =>
        table(
          ['id', 'email', 'verified', 'active', 'created', 'last log-in'],
          rows.map((r) => [r.id, r.email, r.verified, r.active, r.created, r.lastLogin]),
        ),
      )
    },
  },
  show: onUser(
    'show',
    'gatehouse users show EMAIL [--json]\n\nThe user, their live sessions (public id, created, ' +
      'last seen, ip, device: never the cookie) and their last 10 mails (never a token or a ' +
      "link). Sessions are listed from the servers' Redis; without Redis they live in the " +
      "server's memory and are not shown.",
    {},
    async ({ deps, admin }, user, out) => {
      const [row, mails] = await Promise.all([
        admin.userRow(user.id),
        admin.listMail({ userId: user.id, limit: 10 }),
      ])
      // The public id only: the store key (a hash of the cookie) stays in here.
      const sessions = deps.config.redis
        ? (await deps.sessions.listUser(user.id))
            .map(({ session: s }) => ({
              id: s.publicId,
              created: new Date(s.createdAt),
              lastSeen: new Date(s.lastSeenAt),
              ip: s.ip,
              device: s.device,
            }))
            .sort((a, b) => b.created.getTime() - a.created.getTime())
        : null
      const value = {
        user: { ...describe(user), created: row?.created, lastLogin: row?.lastLogin ?? null },
        sessions,
        mails,
      }
      out.result(value, () =>
        [
          table(
            ['id', 'email', 'verified', 'active', 'created', 'last log-in'],
            [[user.id, user.email, user.isVerified, user.isActive, row?.created, row?.lastLogin]],
          ),
          '',
          'live sessions:',
          sessions
            ? table(
                SESSION_COLUMNS,
                sessions.map((s) => [s.id, s.created, s.lastSeen, s.ip, s.device]),
              )
            : '(not shown: without Redis the sessions live in the server process)',
          '',
          'last mails:',
          table(
            MAIL_COLUMNS,
            mails.map((m) => [m.id, m.kind, m.state, m.attempts, m.lastError, m.created, m.sent]),
          ),
        ].join('\n'),
      )
    },
  ),
  deactivate: onUser(
    'deactivate',
    'gatehouse users deactivate EMAIL [--json]\n\nSets is_active = false and ends every session ' +
      "at once (needs the servers' Redis).",
    { sessions: true },
    async ({ deps }, user, out) => {
      const result = await deactivateUser(deps, user.id)
      if (!result.ok) throw new NotFoundError(`no user with the email ${user.email}`)
      deps.log.info('admin.deactivate', {
        userId: user.id,
        sessionsRevoked: result.sessionsRevoked,
      })
      out.result(
        { user: describe(result.user), sessionsRevoked: result.sessionsRevoked },
        () => `deactivated ${user.email} (id ${user.id}); every session ended`,
      )
    },
  ),
  reactivate: onUser(
    'reactivate',
    'gatehouse users reactivate EMAIL [--json]\n\nSets is_active = true.',
    {},
    async ({ deps }, user, out) => {
      const result = await reactivateUser(deps, user.id)
      if (!result.ok) throw new NotFoundError(`no user with the email ${user.email}`)
      deps.log.info('admin.reactivate', { userId: user.id })
      out.result({ user: describe(result.user) }, () => `reactivated ${user.email} (id ${user.id})`)
    },
  ),
  verify: onUser(
    'verify',
    'gatehouse users verify EMAIL [--json]\n\nMarks the email verified, so the user can log in ' +
      'without the mail.',
    {},
    async ({ deps, admin }, user, out) => {
      const result = await admin.markVerified(user.id, deps.clock.now())
      if (!result) throw new NotFoundError(`no user with the email ${user.email}`)
      deps.log.info('admin.verify', { userId: user.id, changed: result.changed })
      out.result({ user: describe(result.user), alreadyVerified: !result.changed }, () =>
        result.changed
          ? `verified ${user.email} (id ${user.id})`
          : `${user.email} (id ${user.id}) was already verified`,
      )
    },
  ),
  'revoke-sessions': onUser(
    'revoke-sessions',
    'gatehouse users revoke-sessions EMAIL [--json]\n\nEnds every session of the user (needs ' +
      "the servers' Redis).",
    { sessions: true },
    async ({ deps }, user, out) => {
      const revoked = await revokeUserSessions(deps, user.id)
      await deps.db.recordSessionsRevoked(user, deps.clock.now())
      deps.log.info('admin.revoke_sessions', { userId: user.id, sessionsRevoked: revoked })
      out.result(
        { user: describe(user), sessionsRevoked: revoked },
        () => `ended every session of ${user.email} (id ${user.id})`,
      )
    },
  ),
  delete: onUser(
    'delete',
    'gatehouse users delete EMAIL --yes [--json]\n\nDeletes the account as /account/delete does ' +
      '(every session ends, the deletion mail and user.deleted go out), without the password. ' +
      "Needs the servers' Redis and SMTP.",
    { sessions: true, mail: true },
    async ({ deps }, user, out) => {
      const result = await deleteAccount(deps, user.id)
      if (!result.ok) throw new NotFoundError(`no user with the email ${user.email}`)
      deps.log.info('admin.delete', { userId: user.id, sessionsRevoked: result.sessionsRevoked })
      out.result(
        { deleted: { id: user.id, email: user.email }, sessionsRevoked: result.sessionsRevoked },
        () => `deleted ${user.email} (id ${user.id}); every session ended`,
      )
    },
    { yes: { type: 'boolean' } },
    (values) => {
      if (!values.yes)
        throw new UsageError('users delete removes the account for good: add --yes to confirm')
    },
  ),
}

export function users(args: string[], out: Output): Promise<void> {
  return dispatch('users', USERS_HELP, COMMANDS, args, out)
}
