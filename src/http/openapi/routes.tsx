// The API document at /openapi.json and the interactive docs at /docs, with their assets.
import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { raw } from 'hono/html'
import type { Config } from '../../config'
import type { AppEnv } from '../../deps'
import { pageEnv } from '../page-env'
import { respondError } from '../respond'
import { buildOpenApiDocument, type OpenApiDocument } from './document'
import { ASSETS_PATH, ASSETS_VERSION, docsAssets } from './swagger-ui'

const documents = new WeakMap<Config, OpenApiDocument>()

const DocsPage = ({ appName, url }: { appName: string; url: (route: string) => string }) => (
  <>
    {raw('<!doctype html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`API docs · ${appName}`}</title>
        <link rel="stylesheet" href={url(`${ASSETS_PATH}/swagger-ui.css?v=${ASSETS_VERSION}`)} />
      </head>
      <body>
        <nav class="docs-header" aria-label="Site">
          <a href={url('/')}>{appName}</a>
          <a href={url('/openapi.json')}>openapi.json</a>
        </nav>
        <main id="swagger-ui">
          <noscript>
            The interactive docs need JavaScript. The API document is at{' '}
            <a href={url('/openapi.json')}>{url('/openapi.json')}</a>.
          </noscript>
        </main>
        <script src={url(`${ASSETS_PATH}/swagger-ui-bundle.js?v=${ASSETS_VERSION}`)}></script>
        <script src={url(`${ASSETS_PATH}/docs.js?v=${ASSETS_VERSION}`)}></script>
      </body>
    </html>
  </>
)

export const docsRoutes = new Hono<AppEnv>()
  .get('/openapi.json', (c) => {
    const { config } = c.get('deps')
    let document = documents.get(config)
    if (!document) {
      document = buildOpenApiDocument(config)
      documents.set(config, document)
    }
    return c.json(document)
  })
  .get('/docs', (c) => c.html(<DocsPage {...pageEnv(c)} />))
  // Swagger UI's bundle is 1.7 MB; gzip makes it ~0.5 MB for clients without a compressing proxy in
  // front.
  .get(`${ASSETS_PATH}/:name`, compress(), async (c) => {
    const asset = (await docsAssets()).get(c.req.param('name'))
    if (!asset) return respondError(c, 'NOT_FOUND')
    c.header('Cache-Control', 'public, max-age=86400')
    c.header('Content-Type', asset.type)
    return c.body(asset.body)
  })
