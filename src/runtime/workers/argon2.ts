// The password hasher on Workers: argon2id in WebAssembly, imported as a module (workerd cannot
// compile wasm from bytes).
import wasm from '@phi-ag/argon2/argon2.wasm'
import { createWasmArgon2 } from '../../adapters/argon2-wasm'

/** One instance per isolate: instantiating (and growing its 19 MiB heap) once, not per request. */
export const wasmArgon2 = createWasmArgon2(wasm)
