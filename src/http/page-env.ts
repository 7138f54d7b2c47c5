// What every page takes from the request: the app's name, the reader's translator, its address,
// and the links to the app's routes under APP_URL's path.
import type { Context } from 'hono'
import type { PageEnv } from '../../views/layout'
import type { AppEnv } from '../deps'
import { DEFAULT_LANGUAGE, translator } from '../i18n/translate'
import { appPath, routePath } from './app-path'

export function pageEnv(c: Context<AppEnv>): PageEnv {
  const { appName, basePath } = c.get('deps').config
  const url = (path: string) => appPath(basePath, path)
  return {
    appName,
    // An error raised before the language was negotiated still gets a page.
    t: c.get('t') ?? translator(DEFAULT_LANGUAGE),
    here: c.req.method === 'GET' ? hereWithoutLang(c.req.url) : afterPost(c, url),
    url,
  }
}

/**
 * Where the switch returns from a page a form post rendered (a failed form): the GET of that
 * form, or, for the posts that have none, the page their form sits on.
 */
const FORM_PAGES: Record<string, string> = {
  '/resend-verification': '/login',
  '/verify-email': '/login',
  '/logout': '/',
  '/account/sessions/revoke': '/account/sessions',
  '/account/sessions/revoke-others': '/account/sessions',
}
function afterPost(c: Context<AppEnv>, url: (path: string) => string): string {
  const path = routePath(c)
  // Outside the base path (a 404): no route of this app to name.
  return path ? url(FORM_PAGES[path] ?? path) : c.req.path
}

/** The path and query, minus `lang` (which would outrank the cookie the switch sets). */
function hereWithoutLang(url: string): string {
  const { pathname, searchParams } = new URL(url)
  searchParams.delete('lang')
  const query = searchParams.toString()
  return query ? `${pathname}?${query}` : pathname
}
