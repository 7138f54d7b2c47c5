// A webhook receiver in the test process (Bun.serve) that checks every signature with
// `standardwebhooks`, as a product would, and can be told to fail, redirect or hang.
import { Webhook } from 'standardwebhooks'

/** A fresh Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`
}

export interface ReceivedWebhook {
  id: string
  /** `webhook-timestamp` in seconds. */
  timestamp: number
  signature: string
  contentType: string | null
  body: string
  /** The parsed body, when the signature verified; null otherwise. */
  event: { type: string; timestamp: string; data: Record<string, unknown> } | null
  /** The status this receiver answered. */
  status: number | 'hung'
  receivedAt: number
}

export type ReceiverMode = 'ok' | 'fail' | 'redirect' | 'hang'

export interface WebhookReceiver {
  url: string
  secret: string
  received: ReceivedWebhook[]
  /** How requests are answered; 'ok' (the default): 204 when the signature verifies, else 400. */
  mode: ReceiverMode
  /** Answers the next `n` requests with 500, then goes back to the current mode. */
  failNext(n: number): void
  /** Resolves with the first received webhook matching `match` (already received ones count). */
  waitFor(match: (w: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>
  /** Verified webhooks of one user, in arrival order. */
  forUser(userId: number): ReceivedWebhook[]
  stop(): Promise<void>
}

const ANSWERS: Record<ReceiverMode, (verified: boolean) => number | 'hung'> = {
  ok: (verified) => (verified ? 204 : 400),
  fail: () => 500,
  redirect: () => 307,
  hang: () => 'hung',
}

export async function startWebhookReceiver(secret = newWebhookSecret()): Promise<WebhookReceiver> {
  const verifier = new Webhook(secret)
  const hung: Array<() => void> = []
  const waiters = new Set<() => void>()
  let failures = 0

  const receiver: WebhookReceiver = {
    url: '',
    secret,
    received: [],
    mode: 'ok',
    failNext(n) {
      failures = n
    },
    waitFor(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = receiver.received.find(match)
          if (!found) return false
          clearTimeout(timer)
          waiters.delete(check as () => void)
          resolve(found)
          return true
        }
        const timer = setTimeout(() => {
          waiters.delete(check as () => void)
          reject(new Error(`no matching webhook within ${timeoutMs} ms`))
        }, timeoutMs)
        if (!check()) waiters.add(check as () => void)
      })
    },
    forUser: (userId) =>
      receiver.received.filter((w) => w.event !== null && w.event.data.user_id === userId),
    async stop() {
      for (const release of hung.splice(0)) release()
      await server.stop(true)
    },
  }

  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    // A hanging answer must outlast the app's webhook timeout, not Bun's idle timeout.
    idleTimeout: 0,
    async fetch(request) {
      const body = await request.text()
      const headers = Object.fromEntries(request.headers)
      let event: ReceivedWebhook['event'] = null
      try {
        event = verifier.verify(body, headers) as ReceivedWebhook['event']
      } catch {}
      const mode = failures > 0 ? 'fail' : receiver.mode
      if (failures > 0) failures--
      const status = ANSWERS[mode](event !== null)
      receiver.received.push({
        id: headers['webhook-id'] ?? '',
        timestamp: Number(headers['webhook-timestamp']),
        signature: headers['webhook-signature'] ?? '',
        contentType: request.headers.get('content-type'),
        body,
        event,
        status,
        receivedAt: performance.now(),
      })
      for (const check of [...waiters]) check()
      if (status === 'hung') {
        await new Promise<void>((resolve) => hung.push(resolve))
        return new Response(null, { status: 204 })
      }
      if (status === 307)
        return new Response(null, { status, headers: { location: `${receiver.url}/elsewhere` } })
      return new Response(null, { status })
    },
  })
  receiver.url = `http://127.0.0.1:${server.port}/hooks/gatehouse`
  return receiver
}
