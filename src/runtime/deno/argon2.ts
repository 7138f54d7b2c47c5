// The password hasher on Deno: the same WebAssembly argon2id as on Workers, compiled from the
// package's file.
import { createWasmArgon2 } from '../../adapters/argon2-wasm'
import type { PasswordHasher } from '../../ports'
import type { DenoApi } from './deno-api'

declare const Deno: DenoApi

export async function createDenoArgon2(): Promise<PasswordHasher> {
  const file = new URL(import.meta.resolve('@phi-ag/argon2/argon2.wasm'))
  return createWasmArgon2(await WebAssembly.compile(await Deno.readFile(file)))
}
