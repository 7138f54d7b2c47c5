// An Upstash REST requester that sends the single commands of one scheduling turn as one /pipeline
// request.
import type { Requester, UpstashRequest, UpstashResponse } from '@upstash/redis'

export interface BatchingRequesterOptions {
  url: string
  token: string
  /**
   * Each HTTP request fails after this long; nothing is retried, so callers fail closed in time.
   */
  timeoutMs: number
  /**
   * When to send what was gathered. On a server that handles many requests per event-loop
   * turn (setImmediate on Bun), concurrent requests share one round trip instead of one each.
   */
  schedule: (flush: () => void) => void
}

/** Commands sent in one HTTP request at most; more start a new batch. */
const MAX_BATCH = 500

interface Pending {
  command: unknown
  resolve: (response: UpstashResponse<unknown>) => void
  reject: (error: unknown) => void
}

export function createBatchingRequester(options: BatchingRequesterOptions): Requester {
  const base = options.url.replace(/\/+$/, '')
  let queue: Pending[] = []
  let syncToken = ''

  async function post(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${base}/${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/json',
        // Read-your-writes across Upstash replicas, as the official client does.
        'upstash-sync-token': syncToken,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    })
    const text = await response.text()
    syncToken = response.headers.get('upstash-sync-token') ?? syncToken
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new Error(`Upstash answered ${response.status} with a body that is not JSON`)
    }
    if (!response.ok)
      throw new Error(
        `Upstash answered ${response.status}: ` +
          ((parsed as { error?: string })?.error ?? 'no error message'),
      )
    return parsed
  }

  function flush() {
    const batch = queue
    queue = []
    post(
      'pipeline',
      batch.map((item) => item.command),
    )
      .then((replies) => {
        if (!Array.isArray(replies) || replies.length !== batch.length)
          throw new Error('Upstash answered a pipeline with the wrong number of replies')
        for (const [i, item] of batch.entries()) item.resolve(decodeReply(replies[i]))
      })
      .catch((error) => {
        for (const item of batch) item.reject(error)
      })
  }

  return {
    get upstashSyncToken() {
      return syncToken
    },
    set upstashSyncToken(token: string) {
      syncToken = token
    },
    async request<T>(req: UpstashRequest): Promise<UpstashResponse<T>> {
      if (!req.path || req.path.length === 0) {
        // One command: it rides with the others of this turn. Pipeline replies carry Redis
        // errors per command, which the client throws for that command only.
        return new Promise<UpstashResponse<T>>((resolve, reject) => {
          if (queue.length === 0) options.schedule(flush)
          queue.push({ command: req.body, resolve: resolve as Pending['resolve'], reject })
          if (queue.length >= MAX_BATCH) flush()
        })
      }
      // Explicit pipelines and MULTI/EXEC go as they are: a transaction must stay one unit.
      const replies = await post(req.path.join('/'), req.body)
      return (
        Array.isArray(replies) ? replies.map(decodeReply) : decodeReply(replies)
      ) as UpstashResponse<T>
    },
  }
}

// Replies come as plain JSON strings (the official client's `responseEncoding: false`): what
// this app stores is UTF-8 text (JSON, ids, counters), so base64 would only cost both ends.
function decodeReply(reply: unknown): UpstashResponse<unknown> {
  const { result, error } = (reply ?? {}) as { result?: unknown; error?: string }
  return error === undefined ? { result } : { error }
}
