// Bun preload (bunfig.toml): supplies the Workers-only modules that runtime-agnostic code imports.
import { plugin } from 'bun'
import { connect } from './sockets-shim'

/** Virtual modules, by specifier. Bun treats `cloudflare:` as a namespace, so onResolve
 *  filters never see these imports; `build.module` is what works. */
const virtualModules: Record<string, () => Record<string, unknown>> = {
  'cloudflare:sockets': () => ({ connect }),
}

plugin({
  name: 'gatehouse-workers-compat',
  setup(build) {
    for (const [specifier, exports] of Object.entries(virtualModules)) {
      build.module(specifier, () => ({ exports: exports(), loader: 'object' }))
    }
    // ── Loaders by file type go here. Planned: `*.wasm` → a WebAssembly.Module (what workerd
    // gives) instead of Bun's file path, e.g.
    // build.onLoad({ filter: /\.wasm$/ }, async ({ path }) => ({ loader: 'object',
    //   exports: { default: new WebAssembly.Module(await Bun.file(path).arrayBuffer()) } }))
  },
})
