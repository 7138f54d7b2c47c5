// The reader's language, in the contract's order: ?lang=, the `lang` cookie, Accept-Language, en.
import type { MiddlewareHandler } from 'hono'
import { languageDetector } from 'hono/language'
import type { AppEnv } from '../../deps'
import { DEFAULT_LANGUAGE, isLang, LANGUAGES, translator } from '../../i18n/translate'

export const LANGUAGE_COOKIE = 'lang'

export function negotiateLanguage(): MiddlewareHandler<AppEnv> {
  // No caching here: only the footer's switch (a POST) sets the cookie, never a GET.
  const detect = languageDetector({
    order: ['querystring', 'cookie', 'header'],
    lookupQueryString: 'lang',
    lookupCookie: LANGUAGE_COOKIE,
    supportedLanguages: [...LANGUAGES],
    fallbackLanguage: DEFAULT_LANGUAGE,
    caches: false,
  })
  return async function negotiateLanguage(c, next) {
    return detect(c, async () => {
      const found = c.get('language')
      const lang = isLang(found) ? found : DEFAULT_LANGUAGE
      c.set('language', lang)
      c.set('t', translator(lang))
      await next()
    })
  }
}
