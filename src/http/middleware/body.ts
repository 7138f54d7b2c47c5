// Bodies: refused over 16 KiB before they are read, and only as JSON or a form.
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../../deps'
import { AppError } from '../../errors'
import { hasBody, isFormType, isJsonType } from '../negotiate'

export const MAX_BODY_BYTES = 16 * 1024

export function limitBody(): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('BODY_TOO_LARGE')
    },
  })
  return async function limitBodyAndType(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS')
      return next()
    const type = c.req.header('content-type') ?? ''
    if (hasBody(c.req.raw) && !isJsonType(type) && !isFormType(type)) {
      const length = Number(c.req.header('content-length') ?? 0)
      throw new AppError(length > MAX_BODY_BYTES ? 'BODY_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE')
    }
    return limit(c, next)
  }
}
