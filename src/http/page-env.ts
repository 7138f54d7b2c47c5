// What every page takes from the request: the app's name, the reader's translator, its address.
import type { Context } from 'hono'
import type { PageEnv } from '../../views/layout'
import type { AppEnv } from '../deps'
import { DEFAULT_LANGUAGE, translator } from '../i18n/translate'

export function pageEnv(c: Context<AppEnv>): PageEnv {
  return {
    appName: c.var.deps.config.appName,
    // An error raised before the language was negotiated still gets a page.
    t: c.var.t ?? translator(DEFAULT_LANGUAGE),
    here: hereWithoutLang(c.req.url),
  }
}

/** The path and query, minus `lang` (which would outrank the cookie the switch sets). */
function hereWithoutLang(url: string): string {
  const { pathname, searchParams } = new URL(url)
  searchParams.delete('lang')
  const query = searchParams.toString()
  return query ? `${pathname}?${query}` : pathname
}
