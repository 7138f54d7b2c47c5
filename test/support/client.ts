// How tests talk to an app, in process or over HTTP: JSON calls and the seed sign-up flow.
import type { ReceivedMail } from './smtp'

export const STRONG_PASSWORD = 'correct horse battery staple'

export interface FlowClient {
  request(path: string, init?: RequestInit): Promise<Response>
  json(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>
  mail(to: string, subject: string): Promise<ReceivedMail & { token: string | undefined }>
}

export function uniqueEmail(tag = 'user'): string {
  return `${tag}-${crypto.randomUUID().slice(0, 12)}@example.com`
}

export async function signUp(
  client: FlowClient,
  email = uniqueEmail(),
  password = STRONG_PASSWORD,
) {
  const registered = await client.json('POST', '/register', { email, password })
  if (registered.status !== 201)
    throw new Error(`register failed: ${registered.status} ${JSON.stringify(registered.body)}`)
  const { token } = await client.mail(email, 'Verify your email address')
  const verified = await client.json('POST', '/verify-email', { token })
  if (verified.status !== 200) throw new Error(`verify failed: ${verified.status}`)
  const res = await client.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  const body = (await res.json()) as { access_token: string }
  const cookie = /session_id=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? ''
  return {
    email,
    password,
    userId: registered.body.user_id as number,
    accessToken: body.access_token,
    cookie,
  }
}

/** A JSON request (a string body is sent as it is; undefined sends none) and its answer, parsed when it is JSON. */
export async function jsonCall(
  send: (init: RequestInit) => Promise<Response>,
  method: string,
  body: unknown,
  extraHeaders: Record<string, string> = {},
) {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders }
  if (body !== undefined) headers['content-type'] ??= 'application/json'
  const res = await send({
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  let parsed: any = text
  try {
    parsed = JSON.parse(text)
  } catch {}
  return { status: res.status, body: parsed, headers: res.headers }
}
