// The shape of one route in the operation table.
import type * as v from 'valibot'
import type { RuleName } from '../../../config'
import type { ErrorCode } from '../../../errors'

export type Tag = 'Service' | 'Sign-up and verification' | 'Session' | 'Password reset' | 'Account'

/** A JSON answer with its status. */
export interface JsonAnswer {
  readonly status: 200 | 201 | 202 | 503
  readonly description: string
  readonly schema: v.GenericSchema
  readonly example: unknown
  readonly headers?: readonly HeaderName[]
}

export type HeaderName = 'Retry-After' | 'Set-Cookie' | 'Location'

export interface Operation {
  readonly method: 'get' | 'post'
  readonly path: string
  readonly operationId: string
  readonly tag: Tag
  readonly summary: string
  readonly description?: string
  /**
   * The JSON body; forms (`application/x-www-form-urlencoded`, `multipart/form-data`) carry the
   * same fields when `page` is set.
   */
  readonly body?: v.GenericSchema
  readonly bodyExample?: Record<string, string>
  readonly query?: v.GenericSchema
  readonly queryExample?: Record<string, string>
  readonly auth?: readonly ('bearer' | 'cookie')[]
  /** The JSON representation's answers; absent for HTML-only routes. */
  readonly json?: readonly JsonAnswer[]
  /** What a browser gets (a form post, or a GET whose Accept asks for text/html). */
  readonly page?: {
    readonly status: 200 | 201 | 303
    readonly description: string
    readonly location?: string
  }
  /** A page route that sends the browser elsewhere in some cases (303). */
  readonly redirect?: { readonly description: string; readonly location: string }
  /** Every `{"detail": ...}` error this route can answer, by code of the error table. */
  readonly errors: readonly ErrorCode[]
  readonly rateLimits?: readonly RuleName[]
}
