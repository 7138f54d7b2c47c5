// Mounting under APP_URL's path (config.basePath): the one place that adds the prefix to a URL
// the app hands out, and takes it off a request's path for the tables keyed by route.
import type { Context } from 'hono'
import type { AppEnv } from '../deps'

/**
 * The browser-visible path of one of the app's routes: `appPath(base, '/login')`. Home is
 * `${base}/`, the form a proxy's `location /auth/` block forwards.
 */
export const appPath = (basePath: string, path: string): string => basePath + path

/** `appPath` for the app of this request: `c.redirect(pathTo(c, '/account'), 303)`. */
export const pathTo = (c: Context<AppEnv>, path: string): string =>
  appPath(c.get('deps').config.basePath, path)

/**
 * The request's path as the routes name it ('/login', '/' for home), or '' outside the base
 * path (a request no route answers).
 */
export function routePath(c: Context<AppEnv>): string {
  const base = c.get('deps')?.config.basePath ?? ''
  const path = c.req.path
  if (!base) return path
  if (path === base) return '/'
  return path.startsWith(`${base}/`) ? path.slice(base.length) : ''
}
