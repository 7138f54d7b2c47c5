// A typed client for Gatehouse's JSON API with Hono's RPC client: paths, bodies and every answer are typed.
// Run it against a server (sign-up, then the link from the email or the dev mailbox):
//   bun examples/client.ts http://localhost:3000 you@example.com 'a long passphrase of yours'
import { hc } from 'hono/client'
import type { AppType } from '../src/http/openapi/client'

export function createClient(baseUrl: string, fetch?: typeof globalThis.fetch) {
  return hc<AppType>(baseUrl, fetch ? { fetch } : {})
}
export type Client = ReturnType<typeof createClient>

/** Thrown for every answer other than the success one, with the contract's `detail`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | { loc: (string | number)[]; msg: string; type: string }[],
  ) {
    super(
      typeof detail === 'string'
        ? detail
        : detail.map((d) => `${d.loc.join('.')}: ${d.msg}`).join('; '),
    )
  }
}

export async function register(
  api: Client,
  email: string,
  password: string,
): Promise<{ userId: number; emailSent: boolean }> {
  const res = await api.register.$post({ json: { email, password } })
  if (res.status === 201) {
    const body = await res.json()
    return { userId: body.user_id, emailSent: body.email_sent }
  }
  if (res.status === 422) throw new ApiError(422, (await res.json()).detail) // a list of { loc, msg, type }
  throw new ApiError(res.status, (await res.json()).detail) // 400 "Email already registered", 429, ...
}

/**
 * The one-step verification of the link's token. Only a request that asks for JSON by name
 * acts; anything else (browsers, mail scanners) gets the confirm page and changes nothing.
 */
export async function verifyEmail(api: Client, token: string): Promise<string> {
  const res = await api['verify-email'].$get(
    { query: { token } },
    { headers: { Accept: 'application/json' } },
  )
  if (res.status === 200) return (await res.json()).message
  throw new ApiError(res.status, (await res.json()).detail)
}

export async function logIn(
  api: Client,
  email: string,
  password: string,
): Promise<{ accessToken: string; userId: number }> {
  const res = await api.login.$post({ json: { email, password } })
  if (res.status !== 200) throw new ApiError(res.status, (await res.json()).detail) // 401 "Please verify your email address", ...
  const body = await res.json()
  return { accessToken: body.access_token, userId: body.user.id }
}

export async function whoAmI(api: Client, accessToken: string) {
  const res = await api.me.$get({}, { headers: { Authorization: `Bearer ${accessToken}` } })
  if (res.status !== 200) throw new ApiError(res.status, (await res.json()).detail)
  return res.json() // { id, email, is_active, is_verified }
}

export async function logOut(api: Client, accessToken: string): Promise<void> {
  const res = await api.logout.$post({}, { headers: { Authorization: `Bearer ${accessToken}` } })
  if (res.status !== 200) throw new ApiError(res.status, (await res.json()).detail)
}

if (import.meta.main) {
  const [
    baseUrl = 'http://localhost:3000',
    email = 'user@example.com',
    password = 'violet-kayak-harbor-2031',
  ] = process.argv.slice(2)
  const api = createClient(baseUrl)
  try {
    const { accessToken } = await logIn(api, email, password)
    console.log('logged in as', await whoAmI(api, accessToken))
    await logOut(api, accessToken)
    console.log('logged out')
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error
    console.log(`log-in refused (${error.message}); registering ${email}…`)
    const created = await register(api, email, password).catch((e: unknown) =>
      e instanceof ApiError ? e.message : Promise.reject(e),
    )
    console.log(
      created,
      '\nOpen the link in the verification email (or /dev/mailbox in development), then run this again.',
    )
  }
}
