// Builds the OpenAPI 3.1 document from the operation table and the valibot schemas that validate
// requests.
import { type ConversionConfig, toJsonSchema } from '@valibot/to-json-schema'
import type * as v from 'valibot'
import pkg from '../../../package.json'
import { MAX_PASSWORD_LENGTH } from '../../auth/password-policy'
import type { Config } from '../../config'
import { ERRORS, type ErrorCode } from '../../errors'
import { translator } from '../../i18n/translate'
import * as inputs from '../inputs'
import { ERROR_WHEN, errorResponse, HEADERS, headerRefs, responseName } from './error-responses'
import { type Operation, operations, type Tag } from './operations'
import * as answers from './schemas'

type Json = Record<string, unknown>

const NAMED_SCHEMAS: Record<string, v.GenericSchema> = {
  RegisterInput: inputs.RegisterInput,
  LoginInput: inputs.LoginInput,
  EmailInput: inputs.EmailInput,
  TokenInput: inputs.TokenInput,
  ResetPasswordInput: inputs.ResetPasswordInput,
  LanguageInput: inputs.LanguageInput,
  ChangePasswordInput: inputs.ChangePasswordInput,
  ChangeEmailInput: inputs.ChangeEmailInput,
  CurrentPasswordInput: inputs.CurrentPasswordInput,
  SessionIdInput: inputs.SessionIdInput,
  VerifyEmailCodeInput: inputs.VerifyEmailCodeInput,
  ResetPasswordCodeInput: inputs.ResetPasswordCodeInput,
  EmailChangeCodeInput: inputs.EmailChangeCodeInput,
  ...answers,
}

/** Bodies of two shapes, the link's token or the code mailed beside it: `oneOf` the two. */
const ALTERNATIVES: Record<string, [v.GenericSchema, string[]]> = {
  VerifyEmailBody: [inputs.VerifyEmailBody, ['TokenInput', 'VerifyEmailCodeInput']],
  ResetPasswordBody: [inputs.ResetPasswordBody, ['ResetPasswordInput', 'ResetPasswordCodeInput']],
  ConfirmEmailChangeBody: [inputs.ConfirmEmailChangeBody, ['TokenInput', 'EmailChangeCodeInput']],
}
const schemaNames = new Map([
  ...Object.entries(NAMED_SCHEMAS).map(([name, schema]) => [schema, name] as const),
  ...Object.entries(ALTERNATIVES).map(([name, [schema]]) => [schema, name] as const),
])

/**
 * Email normalisation (trim, lower-case) happens before validation; JSON Schema cannot say so, the
 * descriptions do.
 */
const CONVERSION: ConversionConfig = {
  target: 'draft-2020-12',
  errorMode: 'throw',
  ignoreActions: ['trim', 'to_lower_case'],
}

const TAGS: { name: Tag; description: string }[] = [
  {
    name: 'Sign-up and verification',
    description: 'Create an account and prove the email address.',
  },
  { name: 'Session', description: 'Log in (access token and session cookie), who am I, log out.' },
  { name: 'Password reset', description: 'Forgot password: a link by email, then a new password.' },
  {
    name: 'Account',
    description: 'Self-service: change password or email, sessions, delete the account.',
  },
  { name: 'Service', description: 'Name, version, liveness and readiness.' },
]

export type OpenApiDocument = Json & {
  openapi: string
  paths: Record<string, Record<string, Json>>
}

/**
 * The document for one configuration: server URL, cookie name, password minimum and rate limits
 * come from it.
 */
export function buildOpenApiDocument(config: Config): OpenApiDocument {
  const paths: Record<string, Record<string, Json>> = {}
  for (const op of Object.values(operations) as Operation[]) {
    paths[op.path] ??= {}
    paths[op.path]![op.method] = operationObject(op, config)
  }
  return {
    openapi: '3.1.1',
    info: {
      title: `${config.appName} API`,
      version: pkg.version,
      description: overview(config),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: config.appUrl, description: 'APP_URL' }],
    tags: TAGS,
    paths,
    components: {
      schemas: componentSchemas(config),
      responses: Object.fromEntries(
        (Object.keys(ERRORS) as ErrorCode[]).map((code) => [
          responseName(code),
          errorResponse([code]),
        ]),
      ),
      headers: HEADERS,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'The `access_token` of `POST /login`: HS256, 30 minutes, revoked by log-out and ' +
            'password reset.',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: config.https ? '__Host-session_id' : 'session_id',
          description: 'The session cookie set by `POST /login` (browsers send it by themselves).',
        },
      },
    },
  }
}

function componentSchemas(config: Config): Record<string, Json> {
  const schemas: Record<string, Json> = {}
  for (const [name, schema] of Object.entries(NAMED_SCHEMAS)) {
    const { $schema: _, ...json } = toJsonSchema(schema, CONVERSION) as Json
    schemas[name] = json
  }
  // The API is documented in English: the sign-up page's hint, from the English catalogue.
  const passwordHint = translator('en').t('password.hint', { min: config.passwordMinLength })
  const policy = {
    minLength: config.passwordMinLength,
    maxLength: MAX_PASSWORD_LENGTH,
    description:
      `${passwordHint} Counted in Unicode code points after NFKC normalisation; never ` +
      'truncated. Compared after case folding, without whitespace and invisible characters; ' +
      'control characters and lone surrogates are refused.',
  }
  annotate(schemas, 'RegisterInput', 'password', policy)
  annotate(schemas, 'ResetPasswordInput', 'new_password', policy)
  annotate(schemas, 'ResetPasswordInput', 'confirm_new_password', {
    description: 'Optional; when present it must equal `new_password`.',
  })
  annotate(schemas, 'LoginInput', 'password', { description: 'The account password.' })
  for (const name of ['RegisterInput', 'LoginInput', 'EmailInput'])
    annotate(schemas, name, 'email', {
      description: 'Compared case-insensitively; stored trimmed and lower-cased.',
    })
  for (const name of ['TokenInput', 'ResetPasswordInput'])
    annotate(schemas, name, 'token', {
      description: 'The `token` of the link in the email (32 random bytes, base64url).',
    })
  annotate(schemas, 'ResetPasswordCodeInput', 'new_password', policy)
  for (const name of ['VerifyEmailCodeInput', 'ResetPasswordCodeInput', 'EmailChangeCodeInput'])
    annotate(schemas, name, 'code', {
      description:
        'The 8-character code in the email, shown as `XXXX-XXXX` (Crockford base32, 40 bits); ' +
        'any case, with or without the dash.',
      example: 'K7QM-3XPD',
    })
  for (const name of ['VerifyEmailCodeInput', 'ResetPasswordCodeInput'])
    annotate(schemas, name, 'email', {
      description: 'The address the email with the code went to; compared case-insensitively.',
    })
  for (const [name, [, options]] of Object.entries(ALTERNATIVES))
    schemas[name] = { oneOf: options.map((option) => ({ $ref: `#/components/schemas/${option}` })) }
  return schemas
}

/**
 * Documents what the use-case enforces beyond the edge schema (the password policy), on the
 * generated schema.
 */
function annotate(schemas: Record<string, Json>, name: string, property: string, extra: Json) {
  const properties = schemas[name]?.properties as Record<string, Json> | undefined
  if (!properties?.[property]) throw new Error(`OpenAPI: ${name}.${property} is not in the schema`)
  Object.assign(properties[property], extra)
}

const ref = (schema: v.GenericSchema) => {
  const name = schemaNames.get(schema)
  if (!name)
    throw new Error('OpenAPI: a schema of the operation table has no name in NAMED_SCHEMAS')
  return { $ref: `#/components/schemas/${name}` }
}

function operationObject(op: Operation, config: Config): Json {
  const responses: Record<string, Json> = {}
  for (const answer of op.json ?? []) {
    responses[answer.status] = {
      description: answer.description,
      ...(answer.headers && { headers: headerRefs(answer.headers) }),
      content: { 'application/json': { schema: ref(answer.schema), example: answer.example } },
    }
  }
  if (op.page) {
    const html = { 'text/html': { schema: { type: 'string' } } }
    const existing = responses[op.page.status]
    const cookie = op.json?.some((answer) => answer.headers?.includes('Set-Cookie'))
      ? ['Set-Cookie']
      : []
    if (op.page.status === 303)
      responses[303] = {
        description: `Browsers: ${op.page.description}`,
        headers: headerRefs(['Location', ...cookie]),
      }
    else if (existing) {
      const browsers = lowerFirst(op.page.description)
      Object.assign(existing, {
        description: `${existing.description as string} Browsers get ${browsers}`,
        content: { ...(existing.content as Json), ...html },
      })
    } else responses[op.page.status] = { description: op.page.description, content: html }
  }
  if (op.redirect)
    responses[303] = {
      description: `Browsers: ${op.redirect.description}`,
      headers: headerRefs(['Location']),
    }
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of op.errors)
    byStatus.set(ERRORS[code][0], [...(byStatus.get(ERRORS[code][0]) ?? []), code])
  // One error per status refers to the shared response; 422's example names this route's own field.
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[status] =
      codes.length === 1 && codes[0] !== 'VALIDATION_FAILED'
        ? { $ref: `#/components/responses/${responseName(codes[0]!)}` }
        : errorResponse(codes, op)
  }
  const description = describe(op, config)
  return {
    tags: [op.tag],
    summary: op.summary,
    operationId: op.operationId,
    ...(description && { description }),
    ...(op.query && { parameters: queryParameters(op) }),
    ...(op.body && {
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: ref(op.body), example: op.bodyExample },
          ...(op.page && { 'application/x-www-form-urlencoded': { schema: ref(op.body) } }),
        },
      },
    }),
    ...(op.auth && {
      security: op.auth.map((a) => (a === 'bearer' ? { bearerAuth: [] } : { sessionCookie: [] })),
    }),
    responses,
  }
}

function queryParameters(op: Operation): Json[] {
  const schema = toJsonSchema(op.query!, CONVERSION) as {
    properties: Record<string, Json>
    required?: string[]
  }
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    description: name === 'token' ? 'The token of the link in the email.' : undefined,
    schema: property,
    example: op.queryExample?.[name],
  }))
}

function describe(op: Operation, config: Config): string {
  const parts = op.description ? [op.description] : []
  if (op.rateLimits?.length) {
    const rules = op.rateLimits.map((name) => {
      const rule = config.rateLimits[name]
      if (name === 'codeFailuresPerEmail')
        return (
          `${rule.limit} wrong codes per ${rule.windowSeconds} s per account, ` +
          'across all its codes (then 429)'
        )
      const per = name.endsWith('PerEmail')
        ? 'email (the answer stays the same and no mail is sent)'
        : 'client IP'
      return `${rule.limit} per ${rule.windowSeconds} s per ${per}`
    })
    parts.push(`Rate limits: ${rules.join('; ')}.`)
  }
  if (op.json) parts.push(`\`\`\`sh\n${curl(op, config.appUrl)}\n\`\`\``)
  return parts.join('\n\n')
}

/** The seed service's curl examples, for this server. */
function curl(op: Operation, appUrl: string): string {
  const query = op.queryExample ? `?${new URLSearchParams(op.queryExample)}` : ''
  const method = op.method === 'get' ? '' : ` -X ${op.method.toUpperCase()}`
  const url = query ? `'${appUrl}${op.path}${query}'` : `${appUrl}${op.path}`
  const lines = [`curl${method} ${url}`]
  if (op.auth?.includes('bearer')) lines.push(`-H 'Authorization: Bearer <access_token>'`)
  if (op.bodyExample)
    lines.push(`-H 'Content-Type: application/json'`, `-d '${JSON.stringify(op.bodyExample)}'`)
  return lines.join(' \\\n  ')
}

function overview(config: Config): string {
  const global = config.rateLimits.global
  const errorRows = (Object.keys(ERRORS) as ErrorCode[]).map((code) => {
    const detail =
      code === 'VALIDATION_FAILED' ? '[{"loc": [...], "msg": ..., "type": ...}]' : ERRORS[code][1]
    return `| ${ERRORS[code][0]} | \`${detail}\` | ${ERROR_WHEN[code]} |`
  })
  return [
    'Sign-up, email verification, log-in sessions, log-out and password reset. The JSON API ' +
      'keeps the contract of the FastAPI service it replaces: the same paths, field names, ' +
      'messages and error shape.',
    '**One URL, two representations.** A JSON body (`Content-Type: application/json`), or a GET ' +
      'whose `Accept` does not ask for `text/html`, gets JSON. A form post ' +
      '(`application/x-www-form-urlencoded` or `multipart/form-data`) or a GET that accepts ' +
      '`text/html` gets a server-rendered page. Routes marked "(HTML)" only render pages. A GET ' +
      'that would change state (`GET /verify-email?token=`) acts only when `Accept` names ' +
      '`application/json` itself; `*/*`, no `Accept` and `HEAD` get the page that asks first. ' +
      'Every successful form post answers 303 (Post/Redirect/Get).',
    '**Authentication.** `POST /login` answers an access token for `Authorization: Bearer` ' +
      `and sets the \`${config.https ? '__Host-session_id' : 'session_id'}\` cookie; either ` +
      'one works for `GET /me` and `POST /logout`.',
    `**Errors** are JSON \`{"detail": ...}\`; pages show the same conditions with the same status.`,
    '<details><summary>Every error of the API</summary>\n\n' +
      '| status | detail | when |\n|---|---|---|\n' +
      `${errorRows.join('\n')}\n\n</details>`,
    `**Rate limits.** ${global.limit} requests per ${global.windowSeconds} s per client IP ` +
      'over all routes except `/healthz` and `/readyz`, and the stricter limits named on each ' +
      'route. Over a limit: 429 with `Retry-After` and `RateLimit-*` headers.',
  ].join('\n\n')
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)
