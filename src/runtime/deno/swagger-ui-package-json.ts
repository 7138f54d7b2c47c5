// swagger-ui-dist's package.json for Deno, which gives JSON modules no named exports (see
// deno.json).
import type { DenoApi } from './deno-api'

declare const Deno: DenoApi

// Read, not imported: the map in deno.json sends 'swagger-ui-dist/package.json' here.
const pkg = JSON.parse(
  Deno.readTextFileSync(
    new URL('../../../node_modules/swagger-ui-dist/package.json', import.meta.url),
  ),
) as { version: string }

export default pkg
export const version = pkg.version
