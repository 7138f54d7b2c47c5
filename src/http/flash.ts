// One-time notices across a Post/Redirect/Get: a short-lived signed cookie, read and cleared next.
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { base64url } from '../auth/tokens'
import type { Config } from '../config'
import type { AppEnv } from '../deps'

/** What the page after a successful form post has to say; each page accepts its own keys. */
export type Notice =
  | 'registered'
  | 'registered_mail_pending'
  | 'verification_resent'
  | 'reset_requested'
  | 'email_verified'
  | 'email_already_verified'
  | 'password_reset'
  | 'password_changed'
  | 'email_change_requested'
  | 'account_deleted'
  | 'session_revoked'
  | 'sessions_revoked'
  | 'email_changed'

export interface Flash {
  notice: Notice
  /** The address the form was about (shown, or prefilled), never anything secret. */
  email?: string
}

/** Long enough for a slow redirect, short enough that an old notice never surprises anyone. */
const LIFETIME_SECONDS = 120

const cookieName = (config: Config) => (config.https ? '__Host-flash' : 'flash')

const options = (config: Config) =>
  ({ httpOnly: true, sameSite: 'Lax', path: '/', secure: config.https }) as const

export async function setFlash(c: Context<AppEnv>, flash: Flash): Promise<void> {
  const { config, clock } = c.get('deps')
  const expires = Math.floor(clock.now().getTime() / 1000) + LIFETIME_SECONDS
  const payload = base64url(bytes(JSON.stringify({ n: flash.notice, e: flash.email, x: expires })))
  const signature = await crypto.subtle.sign('HMAC', await flashKey(config), bytes(payload))
  setCookie(c, cookieName(config), `${payload}.${base64url(new Uint8Array(signature))}`, {
    ...options(config),
    maxAge: LIFETIME_SECONDS,
  })
}

/**
 * The flash for this page (one of `accepted`), or undefined; clears the cookie either way,
 * so a reload shows the page without it. A value whose signature does not verify (forged,
 * or signed with another secret) or that has expired counts as none.
 */
export async function takeFlash(
  c: Context<AppEnv>,
  accepted: readonly Notice[],
): Promise<Flash | undefined> {
  const { config, clock } = c.get('deps')
  const value = getCookie(c, cookieName(config))
  if (value === undefined) return undefined
  deleteCookie(c, cookieName(config), options(config))
  const data = await readFlash(config, value)
  if (!data || data.x <= Math.floor(clock.now().getTime() / 1000)) return undefined
  if (!accepted.includes(data.n)) return undefined
  return data.e === undefined ? { notice: data.n } : { notice: data.n, email: data.e }
}

async function readFlash(
  config: Config,
  value: string,
): Promise<{ n: Notice; e?: string; x: number } | undefined> {
  const [payload, signature, extra] = value.split('.')
  if (!payload || !signature || extra !== undefined) return undefined
  const key = await flashKey(config)
  try {
    if (!(await crypto.subtle.verify('HMAC', key, fromBase64Url(signature), bytes(payload))))
      return undefined
    return JSON.parse(new TextDecoder().decode(fromBase64Url(payload)))
  } catch {
    // Not base64url: nothing this app wrote.
    return undefined
  }
}

/** A key of its own, derived from JWT_SECRET: a flash signature is never a valid JWT signature. */
const keys = new WeakMap<Config, Promise<CryptoKey>>()
function flashKey(config: Config): Promise<CryptoKey> {
  let key = keys.get(config)
  if (!key) {
    key = (async () => {
      const secret = await hmacKey(bytes(config.jwtSecret), ['sign'])
      const derived = await crypto.subtle.sign('HMAC', secret, bytes('gatehouse flash cookie v1'))
      return hmacKey(new Uint8Array(derived), ['sign', 'verify'])
    })()
    keys.set(config, key)
  }
  return key
}

const hmacKey = (raw: Uint8Array<ArrayBuffer>, usages: KeyUsage[]) =>
  crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, usages)

const bytes = (text: string) => new TextEncoder().encode(text)

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'))
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
}
