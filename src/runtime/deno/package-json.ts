// package.json as a module for Deno, which loads JSON only with `with { type: 'json' }` (the app's
// imports omit it; see deno.json).
import pkg from '../../../package.json' with { type: 'json' }

export default pkg
