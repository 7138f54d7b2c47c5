// Swagger UI's script and stylesheet as text, imported only by docsAssets() when first asked for.

import stylesheet from 'swagger-ui-dist/swagger-ui.css' with { type: 'text' }
import bundle from 'swagger-ui-dist/swagger-ui-bundle.js' with { type: 'text' }

export { bundle, stylesheet }
