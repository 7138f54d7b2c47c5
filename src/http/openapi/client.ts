// The typed client of the JSON API: `hc<AppType>(url)` from 'hono/client', typed from the operation
// table.
//
// The route handlers answer JSON or a page from one function, so Hono cannot infer their JSON
// types; this schema is derived instead from the same table and valibot schemas as /openapi.json,
// and test/docs checks that the running app answers what it says.
import type { Hono } from 'hono'
import type { ExtractSchema } from 'hono/types'
import type * as v from 'valibot'
import type { App } from '../../app'
import type { ERRORS, ErrorCode } from '../../errors'
import type { Operations } from './operations'
import type { ErrorResponse, InternalErrorResponse, ValidationErrorResponse } from './schemas'

/** The operations that answer JSON (HTML-only pages are left out). */
type JsonOperations = {
  [K in keyof Operations as Operations[K] extends { json: readonly unknown[] }
    ? K
    : never]: Operations[K]
}

// biome-ignore lint/complexity/noBannedTypes: Hono's client types use {} for "no input".
type NoInput = {}
type InputOf<O> = (O extends { body: infer B extends v.GenericSchema }
  ? { json: v.InferInput<B> }
  : NoInput) &
  (O extends { query: infer Q extends v.GenericSchema } ? { query: v.InferInput<Q> } : NoInput)

type ErrorBody<C extends ErrorCode> = C extends 'VALIDATION_FAILED'
  ? v.InferOutput<typeof ValidationErrorResponse>
  : C extends 'INTERNAL'
    ? v.InferOutput<typeof InternalErrorResponse>
    : v.InferOutput<typeof ErrorResponse>

type AnswerEndpoints<O, I> = O extends { json: readonly (infer A)[] }
  ? A extends { status: infer S extends 200 | 201 | 503; schema: infer B extends v.GenericSchema }
    ? { input: I; output: v.InferOutput<B>; outputFormat: 'json'; status: S }
    : never
  : never

type ErrorEndpoints<O, I> = O extends { errors: readonly (infer C extends ErrorCode)[] }
  ? C extends ErrorCode
    ? { input: I; output: ErrorBody<C>; outputFormat: 'json'; status: (typeof ERRORS)[C][0] }
    : never
  : never

type EndpointOf<O> = AnswerEndpoints<O, InputOf<O>> | ErrorEndpoints<O, InputOf<O>>

type OperationPath = JsonOperations[keyof JsonOperations]['path']

export type JsonApiSchema = {
  [P in OperationPath]: {
    [K in keyof JsonOperations as JsonOperations[K]['path'] extends P
      ? `$${JsonOperations[K]['method']}`
      : never]: EndpointOf<JsonOperations[K]>
  }
}

/**
 * The JSON API as a Hono RPC type. Every status of every route is in the response union, so
 * `if (res.status === 201) (await res.json()).user_id` is typed.
 *
 * @example
 * import { hc } from 'hono/client'
 * import type { AppType } from './src/http/openapi/client'
 * const api = hc<AppType>('http://localhost:3000')
 * const res = await api.register.$post({ json: { email: 'user@example.com', password:
 * 'violet-kayak-harbor-2031' } })
 * if (res.status === 201) console.log((await res.json()).user_id)
 */
export type AppType = Hono<NoInput, JsonApiSchema, '/'>

// Compile-time guard: every documented JSON operation is a route the app registers.
type Registered = ExtractSchema<App>
type Unregistered = {
  [P in keyof JsonApiSchema]: P extends keyof Registered
    ? Exclude<keyof JsonApiSchema[P], keyof Registered[P]>
    : P
}[keyof JsonApiSchema]
type Assert<T extends true> = T
export type AllDocumentedRoutesExist = Assert<[Unregistered] extends [never] ? true : false>
