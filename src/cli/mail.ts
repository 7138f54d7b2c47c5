// `gatehouse mail …`: the outbox's mails (never a token or a link: rows hold neither), and retry.
import { parseArgs } from 'node:util'
import { deliverMail } from '../mail/outbox'
import { NotFoundError, type Output, openDeps, table, UsageError } from './context'

export const MAIL_HELP = `gatehouse mail <command> [options]

Commands:
  list [--pending] [--failed] [--to EMAIL] [--limit N]
                              id, kind, to, state, attempts, last error, times
  retry ID | --failed         puts failed or pending mail back to be sent now, and sends it

Every command takes --json (one JSON document) and --help.`

const HELP: Record<string, string> = {
  list: "gatehouse mail list [--pending] [--failed] [--to EMAIL] [--limit N] [--json]\n\nThe outbox's mails, newest first (default limit 50). No token or link is ever shown.",
  retry:
    'gatehouse mail retry ID | --failed [--json]\n\nPuts the mail ID (pending or failed), or every failed mail, back to be sent now, sends it, and reports what was delivered.',
}

const COMMON = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const

export async function mail(args: string[], out: Output): Promise<void> {
  const [command, ...rest] = args
  if (!command || command === '--help' || command === '-h') {
    out.result({ help: MAIL_HELP }, () => MAIL_HELP)
    if (!command) throw new UsageError('a mail command is needed')
    return
  }
  const help = HELP[command]
  if (!help) throw new UsageError(`unknown command: mail ${command}\n\n${MAIL_HELP}`)
  const options = {
    ...COMMON,
    pending: { type: 'boolean' },
    failed: { type: 'boolean' },
    to: { type: 'string' },
    limit: { type: 'string' },
  } as const
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${help}`)
  }
  const { values, positionals } = parsed
  if (values.help) {
    out.result({ help }, () => help)
    return
  }

  if (command === 'list') {
    if (positionals.length) throw new UsageError(help)
    let limit = 50
    if (values.limit !== undefined) {
      limit = Number(values.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
        throw new UsageError('--limit must be a whole number from 1 to 10000')
    }
    const cli = await openDeps()
    try {
      const rows = await cli.admin.listMail({
        pending: values.pending,
        failed: values.failed,
        to: values.to?.trim().toLowerCase(),
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
    return
  }

  // retry
  let target: { id: number } | { failed: true }
  if (values.failed && positionals.length === 0) target = { failed: true }
  else if (!values.failed && positionals.length === 1 && /^[1-9]\d{0,9}$/.test(positionals[0]!))
    target = { id: Number(positionals[0]) }
  else throw new UsageError(help)
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
    out.result({ retried: results, delivered, notDelivered: results.length - delivered }, () =>
      results.length === 0
        ? 'no failed mail to retry'
        : `${table(
            ['id', 'delivered'],
            results.map((r) => [r.id, r.delivered]),
          )}\n\n${delivered} of ${results.length} delivered; the rest stays in the outbox for its next attempt`,
    )
  } finally {
    await cli.close()
  }
}
