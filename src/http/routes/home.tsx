// The home page, or the API's name and version for JSON clients.
import { Hono } from 'hono'
import { validateSession } from '../../auth/session'
import type { AppEnv } from '../../deps'
import { HomePage } from '../../../views/pages/account-pages'
import { readSessionCookie } from '../cookies'
import pkg from '../../../package.json'

export const homeRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { appName } = c.var.deps.config
  if (!c.var.html) return c.json({ message: `${appName} API`, version: pkg.version })
  const cookie = readSessionCookie(c)
  const auth = cookie ? await validateSession(c.var.deps, { cookie }) : null
  return c.html(<HomePage appName={appName} email={auth?.session.email} />)
})
