// argon2id on WebAssembly (the argon2.wasm of @phi-ag/argon2), for runtimes that cannot load the
// native addon.
import type { PasswordHasher } from '../ports'

/**
 * The contract's parameters, the same as the native hasher's: PHC strings cross-verify both ways.
 */
const PARAMS = { timeCost: 2, memoryCost: 19456, parallelism: 1, saltLength: 16, hashLength: 32 }
const ARGON2ID = 2
const VERSION_13 = 0x13
const TYPES: Record<string, number> = { argon2d: 0, argon2i: 1, argon2id: 2 }

/** The C API of the reference implementation, as the module exports it. */
interface Argon2Exports {
  memory: WebAssembly.Memory
  _initialize(): void
  malloc(size: number): number
  free(ptr: number): void
  argon2_encodedlen(
    t: number,
    m: number,
    p: number,
    saltLen: number,
    hashLen: number,
    type: number,
  ): number
  argon2_hash(
    t: number,
    m: number,
    p: number,
    pwd: number,
    pwdLen: number,
    salt: number,
    saltLen: number,
    hash: number,
    hashLen: number,
    encoded: number,
    encodedLen: number,
    type: number,
    version: number,
  ): number
  argon2_verify(encoded: number, pwd: number, pwdLen: number, type: number): number
}

const encoder = new TextEncoder()

/**
 * Takes the compiled module from the runtime entry (workerd imports `.wasm` as a
 * WebAssembly.Module and forbids compiling from bytes; Deno compiles the file itself).
 * Why not the package's Argon2 class: it passes `password.length` (UTF-16 units) as the
 * byte length of the UTF-8 password, so any non-ASCII password hashes to something the
 * native argon2 (and every other implementation) would not. Here lengths are UTF-8 bytes.
 */
export function createWasmArgon2(module: WebAssembly.Module): PasswordHasher {
  let ready: Promise<Argon2Exports> | undefined
  const load = () =>
    (ready ??= WebAssembly.instantiate(module).then(
      (instance) => {
        const wasm = instance.exports as unknown as Argon2Exports
        wasm._initialize()
        return wasm
      },
      (error: unknown) => {
        ready = undefined
        throw error
      },
    ))

  return {
    async hash(password) {
      const wasm = await load()
      const salt = crypto.getRandomValues(new Uint8Array(PARAMS.saltLength))
      const { timeCost: t, memoryCost: m, parallelism: p } = PARAMS
      const encodedLength = wasm.argon2_encodedlen(
        t,
        m,
        p,
        salt.length,
        PARAMS.hashLength,
        ARGON2ID,
      )
      return withHeap(
        wasm,
        [encoder.encode(password), salt, new Uint8Array(encodedLength)],
        ([pwd, saltPtr, out]) => {
          // A null raw-hash pointer: only the encoded (PHC) form is wanted.
          const code = wasm.argon2_hash(
            t,
            m,
            p,
            pwd.ptr,
            pwd.length,
            saltPtr.ptr,
            salt.length,
            0,
            PARAMS.hashLength,
            out.ptr,
            encodedLength,
            ARGON2ID,
            VERSION_13,
          )
          if (code !== 0) throw new Error(`argon2_hash failed with code ${code}`)
          return readCString(wasm, out.ptr, encodedLength)
        },
      )
    },
    async verify(phc, password) {
      const type = TYPES[/^\$(argon2(?:id|i|d))\$/.exec(phc)?.[1] ?? '']
      if (type === undefined) return false
      const wasm = await load()
      // Like the native adapter: a malformed hash is a failed verification, not an error.
      return withHeap(
        wasm,
        [encoder.encode(`${phc}\0`), encoder.encode(password)],
        ([encoded, pwd]) => wasm.argon2_verify(encoded.ptr, pwd.ptr, pwd.length, type) === 0,
      )
    },
  }
}

type Block = { ptr: number; length: number }

/** Copies each buffer into the module's heap, runs `use`, then wipes and frees every block. */
function withHeap<T, B extends Uint8Array[]>(
  wasm: Argon2Exports,
  buffers: [...B],
  use: (blocks: { [K in keyof B]: Block }) => T,
): T {
  const blocks: Block[] = []
  try {
    for (const bytes of buffers) {
      const ptr = wasm.malloc(Math.max(1, bytes.length))
      if (!ptr) throw new Error('argon2: out of memory')
      blocks.push({ ptr, length: bytes.length })
      new Uint8Array(wasm.memory.buffer).set(bytes, ptr)
    }
    return use(blocks as { [K in keyof B]: Block })
  } finally {
    // Why wipe: the password must not linger in a heap that lives as long as the isolate.
    // A fresh view each time: hashing grows the memory, which detaches older views.
    for (const { ptr, length } of blocks) {
      new Uint8Array(wasm.memory.buffer, ptr, length).fill(0)
      wasm.free(ptr)
    }
  }
}

function readCString(wasm: Argon2Exports, ptr: number, max: number): string {
  const bytes = new Uint8Array(wasm.memory.buffer, ptr, max)
  const end = bytes.indexOf(0)
  return new TextDecoder().decode(bytes.slice(0, end === -1 ? max : end))
}
