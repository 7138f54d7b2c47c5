// Whether mail is getting through: what this instance saw of its own delivery attempts.

export type SmtpState = 'ok' | 'failing'

/**
 * Per instance, as readiness is: a process on Bun and Deno, an isolate on Workers (where the
 * deps, and so the mailer, are built per request, and this record outlives them).
 */
export interface SmtpHealth {
  /** The outcome of an attempt: the latest one to finish decides. */
  record(delivered: boolean): void
  state(): SmtpState
}

export function createSmtpHealth(): SmtpHealth {
  let failing = false
  return {
    record(delivered) {
      failing = !delivered
    },
    state: () => (failing ? 'failing' : 'ok'),
  }
}
