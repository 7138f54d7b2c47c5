// The wasm hasher (Workers, Deno) and the native one (Bun) write and read the same PHC strings.
import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createWasmArgon2 } from '../../src/adapters/argon2-wasm'
import { createNativeArgon2 } from '../../src/runtime/bun/argon2'

const wasmPath = createRequire(import.meta.url).resolve('@phi-ag/argon2/argon2.wasm')
const wasm = createWasmArgon2(new WebAssembly.Module(readFileSync(wasmPath)))
const native = createNativeArgon2()

// ASCII, Latin-1, astral-plane (surrogate pairs) and a NUL inside: byte lengths differ from .length.
const PASSWORDS = [
  'correct horse battery staple',
  'pässwörd über lang genug',
  'emoji 🐴🔋 staple horse!',
  'nul\u0000inside the password',
]

describe('argon2id on WebAssembly', () => {
  test('writes PHC strings with the contract parameters', async () => {
    const phc = await wasm.hash(PASSWORDS[0]!)
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    expect(await wasm.verify(phc, PASSWORDS[0]!)).toBe(true)
    expect(await wasm.verify(phc, `${PASSWORDS[0]!}x`)).toBe(false)
  })

  test.each(PASSWORDS)('cross-verifies with the native hasher both ways: %p', async (password) => {
    const fromWasm = await wasm.hash(password)
    const fromNative = await native.hash(password)
    expect(await native.verify(fromWasm, password)).toBe(true)
    expect(await wasm.verify(fromNative, password)).toBe(true)
    expect(await wasm.verify(fromNative, password.slice(0, -1))).toBe(false)
  })

  test('a malformed or foreign hash is a failed verification, not an error', async () => {
    for (const phc of [
      '',
      'not a hash',
      '$argon2id$v=19$m=19456,t=2,p=1$short$short',
      '$2b$10$abcdefghijklmnopqrstuv',
    ]) {
      expect(await wasm.verify(phc, 'whatever password')).toBe(false)
    }
  })
})
