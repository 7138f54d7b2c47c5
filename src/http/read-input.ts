// Reads a JSON or form body (or the query) and validates it; failures come back in FastAPI's 422
// shape.
import type { Context } from 'hono'
import * as v from 'valibot'
import type { AppEnv } from '../deps'
import { AppError, type FieldIssue, fail } from '../errors'
import { hasBody, isFormType, isJsonType } from './negotiate'

type Source = 'body' | 'query'
export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; fields: FieldIssue[]; raw: Record<string, unknown> }

export async function readInput<S extends v.GenericSchema>(
  c: Context<AppEnv>,
  schema: S,
  source: Source = 'body',
): Promise<Parsed<v.InferOutput<S>>> {
  const raw = source === 'query' ? c.req.query() : await readBody(c)
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      raw: {},
      fields: [
        {
          loc: [source],
          msg: 'Input should be a valid dictionary or object to extract fields from',
          type: 'model_attributes_type',
        },
      ],
    }
  }
  const result = v.safeParse(schema, raw)
  if (result.success) return { ok: true, value: result.output }
  return {
    ok: false,
    raw: raw as Record<string, unknown>,
    fields: result.issues.map((issue) => toFieldIssue(issue, source)),
  }
}

async function readBody(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header('content-type') ?? ''
  if (isFormType(type)) {
    try {
      return await c.req.parseBody()
    } catch (error) {
      // The body limit's 413 passes; anything else the runtime's form parser refused is the
      // client's mistake (multipart without or with a wrong boundary, truncated), not a 500.
      if (error instanceof AppError) throw error
      throw new AppError('MALFORMED_BODY')
    }
  }
  if (!hasBody(c.req.raw) && !isJsonType(type)) return {}
  const text = await c.req.text()
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new AppError('MALFORMED_JSON')
  }
}

function toFieldIssue(issue: v.BaseIssue<unknown>, source: Source): FieldIssue {
  const path = (issue.path ?? []).map((item) => item.key as string | number)
  const loc = [source, ...path]
  if (issue.kind === 'schema') {
    if (issue.input === undefined) return { loc, msg: 'Field required', type: 'missing' }
    if (issue.expected === 'string')
      return { loc, msg: 'Input should be a valid string', type: 'string_type' }
  }
  return { loc, msg: issue.message, type: 'value_error' }
}

/** What the use-case would have answered for input that did not validate. */
export const invalid = (input: { fields: FieldIssue[] }) =>
  fail('VALIDATION_FAILED', { fields: input.fields })

/** The email as the person typed it, to show again on a re-rendered form (never a password). */
export const enteredEmail = (input: Parsed<{ email: string }>) =>
  input.ok ? input.value.email : typeof input.raw.email === 'string' ? input.raw.email : undefined
