// WebhookSender over fetch: one POST per attempt, signed by `standardwebhooks`.
import { Webhook } from 'standardwebhooks'
import type { WebhookSender } from '../ports'

export interface WebhookSenderOptions {
  url: string
  /** `whsec_<base64>` (checked by config). */
  secret: string
  /** Bounds one attempt, so a receiver that hangs holds neither a request nor a drain for long. */
  timeoutMs: number
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const signer = new Webhook(options.secret)
  return {
    async send({ id, timestamp, body }) {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signer.sign(id, timestamp, body),
        },
        body,
        // A redirect is not an answer: following it would re-send a POST as a GET elsewhere.
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      })
      // Nothing in the body counts; cancelling it frees the connection for the next event.
      await response.body?.cancel().catch(() => {})
      // The URL stays out of the error (and so out of the log): it may carry a token.
      if (response.status < 200 || response.status > 299)
        throw new Error(`the webhook receiver answered ${response.status}`)
    },
  }
}
