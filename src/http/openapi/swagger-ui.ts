// Swagger UI, served by the app itself: the CSP allows only 'self', so no CDN and no data: images.
import { version } from 'swagger-ui-dist/package.json'

export const ASSETS_PATH = '/docs/assets'
export const ASSETS_VERSION = version

export interface Asset {
  type: string
  body: string | Uint8Array<ArrayBuffer>
}

/**
 * The page's own script: an external file, because the CSP forbids inline scripts. The document's
 * URL is relative to the page (/docs), so it holds under APP_URL's path too.
 */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: 'openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    displayRequestDuration: true,
    defaultModelsExpandDepth: 0,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  })
})
`

const PAGE_CSS = [
  '',
  'html { box-sizing: border-box; overflow-y: scroll; }',
  '*, *::before, *::after { box-sizing: inherit; }',
  'body { margin: 0; background: #fafafa; }',
  '.docs-header { max-width: 1460px; margin: 0 auto; padding: 12px 20px 0; ' +
    'font-family: sans-serif; font-size: 14px; }',
  '.docs-header a { color: #1f69c0; margin-right: 16px; }',
  '',
].join('\n')

let assets: Promise<Map<string, Asset>> | undefined

/**
 * Every file under ASSETS_PATH, by name. Built once: the stylesheet's data: images become files
 * of their own. Loaded on the first request for them: the files take ~10 MB of memory that a
 * server which never serves its docs should not pay.
 */
export function docsAssets(): Promise<Map<string, Asset>> {
  assets ??= import('./swagger-ui-files').then(({ bundle, stylesheet }) =>
    buildAssets(bundle, stylesheet),
  )
  return assets
}

function buildAssets(bundle: string, stylesheet: string): Map<string, Asset> {
  const files = new Map<string, Asset>()
  const images = new Map<string, string>()
  const extract = (uri: string) => {
    let name = images.get(uri)
    if (!name) {
      const image = decodeDataUri(uri)
      const extension = image.type.startsWith('image/svg+xml')
        ? 'svg'
        : image.type === 'image/jpeg'
          ? 'jpg'
          : 'png'
      name = `img-${images.size + 1}.${extension}`
      images.set(uri, name)
      files.set(name, image)
    }
    return `url(${name})`
  }
  const css = stylesheet
    .replace(/url\("(data:(?:[^"\\]|\\.)*)"\)/g, (_, uri: string) =>
      extract(uri.replace(/\\(.)/g, '$1')),
    )
    .replace(/url\((data:[^)"']*)\)/g, (_, uri: string) => extract(uri))
  files.set('swagger-ui.css', { type: 'text/css; charset=utf-8', body: css + PAGE_CSS })
  files.set('swagger-ui-bundle.js', { type: 'text/javascript; charset=utf-8', body: bundle })
  files.set('docs.js', { type: 'text/javascript; charset=utf-8', body: INIT_SCRIPT })
  return files
}

function decodeDataUri(uri: string): Asset {
  const match = /^data:([^;,]+)((?:;[^;,]+)*),(.*)$/s.exec(uri)
  if (!match) throw new Error('swagger-ui.css: unreadable data: URI')
  const [, type, params, data] = match as unknown as [string, string, string, string]
  if (params.includes(';base64'))
    return { type, body: Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0)) }
  return {
    type: type === 'image/svg+xml' ? 'image/svg+xml; charset=utf-8' : type,
    body: data.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    ),
  }
}
