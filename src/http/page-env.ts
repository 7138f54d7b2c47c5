// What every page takes from the request: the app's name, the reader's translator, its address.
import type { Context } from 'hono'
import type { PageEnv } from '../../views/layout'
import type { AppEnv } from '../deps'
import { DEFAULT_LANGUAGE, translator } from '../i18n/translate'

export function pageEnv(c: Context<AppEnv>): PageEnv {
  return {
    appName: c.get('deps').config.appName,
    // An error raised before the language was negotiated still gets a page.
    t: c.get('t') ?? translator(DEFAULT_LANGUAGE),
    here: c.req.method === 'GET' ? hereWithoutLang(c.req.url) : afterPost(c.req.path),
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
const afterPost = (path: string) => FORM_PAGES[path] ?? path

/** The path and query, minus `lang` (which would outrank the cookie the switch sets). */
function hereWithoutLang(url: string): string {
  const { pathname, searchParams } = new URL(url)
  searchParams.delete('lang')
  const query = searchParams.toString()
  return query ? `${pathname}?${query}` : pathname
}
