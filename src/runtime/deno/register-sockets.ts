// Makes `require('cloudflare:sockets')` (worker-mailer's CommonJS build, the one Deno loads) return
// the Deno shim.
import Module from 'node:module'
import * as sockets from './sockets'

// Why a CommonJS hook and not only the import map: Deno applies deno.json's import map to
// the app's own modules, never to code inside node_modules, and worker-mailer has no
// `exports`, so Deno loads its CJS `main`, which resolves through node's Module._load.
type Load = (request: string, parent: unknown, isMain: boolean) => unknown
const loader = Module as unknown as { _load: Load }
const load = loader._load
loader._load = function loadWithSockets(this: unknown, request, parent, isMain) {
  return request === 'cloudflare:sockets' ? sockets : load.call(this, request, parent, isMain)
}
