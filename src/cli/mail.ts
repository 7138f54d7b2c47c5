// `gatehouse mail …`: the outbox's mails (never a token or a link: rows hold neither), and retry.
import { deliverMail } from '../mail/outbox'
import {
  type Command,
  dispatch,
  limitFlag,
  NotFoundError,
  type Output,
  openDeps,
  table,
  UsageError,
} from './context'

export const MAIL_HELP = `gatehouse mail <command> [options]

Commands:
  list [--pending] [--failed] [--to EMAIL] [--limit N]
                              id, kind, to, state, attempts, last error, times
  retry ID | --failed         puts failed or pending mail back to be sent now, and sends it

Every command takes --json (one JSON document) and --help.`

const LIST_USAGE =
  "gatehouse mail list [--pending] [--failed] [--to EMAIL] [--limit N] [--json]\n\nThe outbox's " +
  'mails, newest first (default limit 50). No token or link is ever shown.'
const RETRY_USAGE =
  'gatehouse mail retry ID | --failed [--json]\n\nPuts the mail ID (pending or failed), or ' +
  'every failed mail, back to be sent now, sends it, and reports what was delivered.'

const COMMANDS: Record<string, Command> = {
  list: {
    usage: LIST_USAGE,
    flags: {
      pending: { type: 'boolean' },
      failed: { type: 'boolean' },
      to: { type: 'string' },
      limit: { type: 'string' },
    },
    async run({ values, positionals }, out) {
      if (positionals.length) throw new UsageError(LIST_USAGE)
      const limit = limitFlag(values.limit, 50)
      const cli = await openDeps()
      try {
        const rows = await cli.admin.listMail({
          pending: Boolean(values.pending),
          failed: Boolean(values.failed),
          to: (values.to as string | undefined)?.trim().toLowerCase(),
          limit,
        })
        out.result({ mails: rows }, () =>
          table(
            [
              'id',
              'kind',
              'to',
              'state',
              'attempts',
              'last error',
              'created',
              'next attempt',
              'sent',
            ],
            rows.map((m) => [
              m.id,
              m.kind,
              m.to,
              m.state,
              m.attempts,
              m.lastError,
              m.created,
              m.nextAttempt,
              m.sent,
            ]),
          ),
        )
      } finally {
        await cli.close()
      }
    },
  },
  retry: {
    usage: RETRY_USAGE,
    flags: { failed: { type: 'boolean' } },
    async run({ values, positionals }, out) {
      let target: { id: number } | { failed: true }
      if (values.failed && positionals.length === 0) target = { failed: true }
      else if (!values.failed && positionals.length === 1 && /^[1-9]\d{0,9}$/.test(positionals[0]!))
        target = { id: Number(positionals[0]) }
      else throw new UsageError(RETRY_USAGE)
      const cli = await openDeps({ mail: true })
      try {
        const { deps, admin } = cli
        const ids = await admin.requeueMail(target, deps.clock.now())
        if ('id' in target && ids.length === 0)
          throw new NotFoundError(`no pending or failed mail with the id ${target.id}`)
        const results: { id: number; delivered: boolean }[] = []
        for (const id of ids) results.push({ id, delivered: await deliverMail(deps, id) })
        const delivered = results.filter((r) => r.delivered).length
        deps.log.info('admin.mail_retry', { requeued: ids.length, delivered })
        const notDelivered = results.length - delivered
        out.result({ retried: results, delivered, notDelivered }, () => {
          if (results.length === 0) return 'no failed mail to retry'
          const rows = table(
            ['id', 'delivered'],
            results.map((r) => [r.id, r.delivered]),
          )
          const rest = notDelivered
            ? `; ${notDelivered} not delivered, kept in the outbox for their next attempt ` +
              '(see mail list)'
            : ''
          return `${rows}\n\n${delivered} of ${results.length} delivered${rest}`
        })
      } finally {
        await cli.close()
      }
    },
  },
}

export function mail(args: string[], out: Output): Promise<void> {
  return dispatch('mail', MAIL_HELP, COMMANDS, args, out)
}
