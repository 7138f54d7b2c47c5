// Native argon2id for Bun (runs on libuv's thread pool, off the event loop).
import { hash, verify } from '@node-rs/argon2'
import type { PasswordHasher } from '../../ports'

/**
 * OWASP's argon2id minimum: m=19 MiB, t=2, p=1 (algorithm 2 is Algorithm.Argon2id, a const enum).
 */
const PARAMS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export function createNativeArgon2(): PasswordHasher {
  return {
    hash: (password) => hash(password, PARAMS),
    async verify(phc, password) {
      try {
        return await verify(phc, password)
      } catch {
        return false
      }
    },
  }
}
