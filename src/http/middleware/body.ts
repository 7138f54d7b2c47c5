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
    // The size first, whatever the type: a chunked body is read up to the limit and no further.
    return limit(c, async () => {
      const type = c.req.header('content-type') ?? ''
      if (hasBody(c.req.raw) && !isJsonType(type) && !isFormType(type))
        throw new AppError('UNSUPPORTED_MEDIA_TYPE')
      return next()
    })
  }
}
