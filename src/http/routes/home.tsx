// The home page, or the API's name and version for JSON clients.
import { Hono } from 'hono'
import pkg from '../../../package.json'
import { HomePage } from '../../../views/pages/account-pages'
import type { AppEnv } from '../../deps'
import { takeFlash } from '../flash'
import { sessionOf } from '../middleware/session-lookup'
import { pageEnv } from '../page-env'

export const homeRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { appName } = c.get('deps').config
  if (!c.get('html')) return c.json({ message: `${appName} API`, version: pkg.version })
  const auth = await sessionOf(c)
  const deleted = Boolean(await takeFlash(c, ['account_deleted']))
  return c.html(<HomePage {...pageEnv(c)} email={auth?.session.email} deleted={deleted} />)
})
