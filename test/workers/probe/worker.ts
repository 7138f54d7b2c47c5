// Measurement Worker: times the WebAssembly argon2id hasher inside workerd (performance.now() advances during
// compute under wrangler dev; deployed Workers freeze it until the next I/O, so this is a local measure only).
import { wasmArgon2 } from '../../../src/runtime/workers/argon2'

export default {
  async fetch(request: Request): Promise<Response> {
    const runs = Number(new URL(request.url).searchParams.get('runs') ?? 0)
    const phc = await wasmArgon2.hash('a password to verify, warming up')
    const hash: number[] = []
    const verify: number[] = []
    for (let i = 0; i < runs; i++) {
      let started = performance.now()
      await wasmArgon2.hash(`password number ${i}`)
      hash.push(performance.now() - started)
      started = performance.now()
      await wasmArgon2.verify(phc, 'a password to verify, warming up')
      verify.push(performance.now() - started)
    }
    return Response.json({ runs, hash, verify })
  },
}
