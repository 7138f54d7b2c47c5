// The seed flow every test starts from: register, verify by the mailed link, log in.
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

export async function signUp(client: FlowClient, email = uniqueEmail(), password = STRONG_PASSWORD) {
  const registered = await client.json('POST', '/register', { email, password })
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${JSON.stringify(registered.body)}`)
  const { token } = await client.mail(email, 'Verify your email address')
  const verified = await client.json('POST', '/verify-email', { token })
  if (verified.status !== 200) throw new Error(`verify failed: ${verified.status}`)
  const res = await client.request('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
  const body = (await res.json()) as { access_token: string }
  const cookie = /session_id=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? ''
  return { email, password, userId: registered.body.user_id as number, accessToken: body.access_token, cookie }
}
