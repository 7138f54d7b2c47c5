// The footer's language switch: a plain form post that sets the `lang` cookie and, signed in,
// the language of the user's later mails; then back to the page it was on.
import { Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import type { AppEnv } from '../../deps'
import { API_MESSAGES } from '../api-messages'
import { pathTo } from '../app-path'
import { LanguageInput } from '../inputs'
import { LANGUAGE_COOKIE } from '../middleware/language'
import { sessionOf } from '../middleware/session-lookup'
import { readInput } from '../read-input'
import { respondError } from '../respond'
import { safeNextPath } from '../safe-next'

const ONE_YEAR = 365 * 24 * 3600

export const languageRoutes = new Hono<AppEnv>().post('/language', async (c) => {
  const deps = c.get('deps')
  const input = await readInput(c, LanguageInput)
  if (!input.ok) return respondError(c, 'VALIDATION_FAILED', { fields: input.fields })
  const { lang, next } = input.value
  setCookie(c, LANGUAGE_COOKIE, lang, {
    path: '/',
    sameSite: 'Lax',
    secure: deps.config.https,
    httpOnly: true,
    maxAge: ONE_YEAR,
  })
  const auth = await sessionOf(c)
  if (auth) await deps.db.setUserLanguage(auth.session.userId, lang, deps.clock.now())
  if (!c.get('html')) return c.json({ message: API_MESSAGES.languageChanged, language: lang })
  // Only a path of this app: the switch must not become an open redirect.
  const back = next ? safeNextPath(next, undefined, pathTo(c, '/account')) : pathTo(c, '/')
  return c.redirect(back, 303)
})
