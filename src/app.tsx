// createApp(getDeps): the one Hono app, its middleware order, routes and the error mapping.
import { type Context, Hono } from 'hono'
import { cors } from 'hono/cors'
import type { AppEnv, Deps } from './deps'
import {
  AppError,
  describeError,
  isConnectionFailure,
  isMissingTable,
  MIGRATE_COMMAND,
  UnavailableError,
} from './errors'
import { routePath } from './http/app-path'
import { limitBody } from './http/middleware/body'
import { csrf } from './http/middleware/csrf'
import { negotiateLanguage } from './http/middleware/language'
import { limitByIp } from './http/middleware/rate-limit'
import { requestContext } from './http/middleware/request-context'
import { securityHeaders } from './http/middleware/security-headers'
import { prefetchSession } from './http/middleware/session-lookup'
import { docsRoutes } from './http/openapi/routes'
import { respondError, respondInternalError } from './http/respond'
import { accountRoutes } from './http/routes/account'
import { accountSessionRoutes } from './http/routes/account-sessions'
import { assetRoutes } from './http/routes/assets'
import { authzRoutes } from './http/routes/authz'
import { devMailboxRoutes } from './http/routes/dev-mailbox'
import { healthRoutes } from './http/routes/health'
import { homeRoutes } from './http/routes/home'
import { languageRoutes } from './http/routes/language'
import { passwordResetRoutes } from './http/routes/password-reset'
import { registerRoutes } from './http/routes/register'
import { sessionRoutes } from './http/routes/session'
import { verifyEmailRoutes } from './http/routes/verify-email'

// /authz runs on every page view of the product: a per-IP limit there would lock its users out.
const UNLIMITED = new Set(['/healthz', '/readyz', '/authz'])

/**
 * `basePath` is APP_URL's path (config.basePath): every route lives under it, the middleware and
 * the error mapping answer every path, so a request outside it gets the contract's 404.
 */
export function createApp(getDeps: (c: Context) => Deps, basePath = '') {
  const app = new Hono<AppEnv>()
  app.use(securityHeaders())
  app.use(requestContext(getDeps))
  app.use(negotiateLanguage())
  const corsHeaders = cors({
    origin: (origin, c) =>
      (c as Context<AppEnv>).get('deps').config.corsOrigins.includes(origin) ? origin : null,
    credentials: true,
  })
  // A cross-origin request always carries Origin; without one, Hono's cors would only add a
  // meaningless Allow-Credentials, at the price of building and copying an extra response.
  app.use(async function crossOrigin(c, next) {
    if (c.req.header('origin') !== undefined) return corsHeaders(c, next)
    await next()
    c.res.headers.append('Vary', 'Origin')
  })
  app.use(async function methodGuard(c, next) {
    if (c.req.method === 'TRACE')
      throw new AppError('METHOD_NOT_ALLOWED', { headers: { Allow: allowedMethods(c.req.path) } })
    return next()
  })
  app.use(limitBody())
  app.use(prefetchSession())
  const globalLimit = limitByIp('global')
  app.use((c, next) => (UNLIMITED.has(routePath(c)) ? next() : globalLimit(c, next)))
  app.use(csrf())
  // Before the routes: basePath() copies the handlers of the moment into the app it returns.
  app.notFound(notFound)
  app.onError(onError)

  // The route types keep their paths relative to APP_URL: the typed client (openapi/client.ts)
  // is given APP_URL, path included.
  const mounted = (basePath ? app.basePath(basePath) : app) as typeof app
  // A proxy's `location /auth/ { … }` sends `/auth/` for `/auth`: home answers both.
  if (basePath) app.route(`${basePath}/`, homeRoutes)
  const routes = mounted
    .route('/', homeRoutes)
    .route('/', registerRoutes)
    .route('/', verifyEmailRoutes)
    .route('/', sessionRoutes)
    .route('/', accountRoutes)
    .route('/', accountSessionRoutes)
    .route('/', passwordResetRoutes)
    .route('/', languageRoutes)
    .route('/', healthRoutes)
    .route('/', authzRoutes)
    .route('/', assetRoutes)
    .route('/', docsRoutes)
    .route('/', devMailboxRoutes)

  const methodsByPath = new Map<string, Set<string>>()
  for (const r of app.routes)
    if (r.method !== 'ALL')
      methodsByPath.set(r.path, (methodsByPath.get(r.path) ?? new Set()).add(r.method))
  function allowedMethods(path: string): string {
    const methods = methodsByPath.get(path)
    if (!methods) return ''
    return [...methods, ...(methods.has('GET') ? ['HEAD'] : [])].join(', ')
  }

  function notFound(c: Context<AppEnv>) {
    const allow = allowedMethods(c.req.path)
    if (allow) return respondError(c, 'METHOD_NOT_ALLOWED', { headers: { Allow: allow } })
    return respondError(c, 'NOT_FOUND')
  }

  function onError(error: Error, c: Context<AppEnv>) {
    if (error instanceof AppError) return respondError(c, error.code, error.extra)
    const deps = c.get('deps')
    if (isMissingTable(error)) {
      // One line that says what to do; the query and its parameters stay out of the log.
      deps?.log.error('database_not_migrated', {
        message: `the database schema is older than the code: run ${MIGRATE_COMMAND}`,
        requestId: c.get('requestId'),
        path: c.req.path,
      })
      return respondError(c, 'UNAVAILABLE')
    }
    if (error instanceof UnavailableError || isConnectionFailure(error)) {
      deps?.log.warn('dependency_unavailable', {
        dependency: error instanceof UnavailableError ? error.dependency : 'database',
        error: describeError(error),
        requestId: c.get('requestId'),
      })
      return respondError(c, 'UNAVAILABLE')
    }
    deps?.log.error('unhandled_error', {
      error: describeError(error),
      requestId: c.get('requestId'),
      path: c.req.path,
    })
    return respondInternalError(c)
  }

  return routes
}

export type App = ReturnType<typeof createApp>
