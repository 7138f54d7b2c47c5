// The one stylesheet, served by the app itself (the CSP allows only 'self').
import { Hono } from 'hono'
import { STYLESHEET } from '../../../views/styles'
import type { AppEnv } from '../../deps'

export const assetRoutes = new Hono<AppEnv>().get('/assets/app.css', (c) => {
  c.header('Cache-Control', 'public, max-age=3600')
  c.header('Content-Type', 'text/css; charset=utf-8')
  return c.body(STYLESHEET)
})
