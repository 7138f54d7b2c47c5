// The few Workers runtime types the entry uses, declared locally so the project's global types stay
// bun-types.

/** `ctx` of a Workers handler: keeps the isolate alive for work that outlives the response. */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
  passThroughOnException(): void
}

export interface ScheduledController {
  readonly scheduledTime: number
  readonly cron: string
}

/** A Hyperdrive binding: a pooled connection string to the origin database. */
export interface Hyperdrive {
  readonly connectionString: string
}

/** `env`: the [vars] and secrets of wrangler.toml / .dev.vars as strings, plus bindings. */
export type WorkerEnv = Record<string, unknown> & { HYPERDRIVE?: Hyperdrive }
