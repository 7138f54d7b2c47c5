// The one-time code itself: alphabet, length, uniform minting, Crockford normalisation, keyed hash.
import { describe, expect, test } from 'bun:test'
import { CODE_ALPHABET, codeHash, formatCode, mintCode, normalizeCode } from '../../src/auth/codes'
import { parseConfig } from '../../src/config'

describe('one-time codes', () => {
  test('Crockford base32: 32 symbols without I, L, O, U; 8 of them are 40 bits', () => {
    expect(CODE_ALPHABET).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ')
    expect(new Set(CODE_ALPHABET).size).toBe(32)
    expect(Math.log2(CODE_ALPHABET.length ** 8)).toBe(40)
  })

  test('minted codes are 8 symbols of the alphabet, every symbol in every place', () => {
    const seen = Array.from({ length: 8 }, () => new Set<string>())
    const codes = new Set<string>()
    for (let i = 0; i < 4000; i++) {
      const code = mintCode()
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/)
      codes.add(code)
      for (const [place, ch] of [...code].entries()) seen[place]!.add(ch)
    }
    // 4000 draws from 2^40: a repeat would mean a broken generator.
    expect(codes.size).toBe(4000)
    for (const place of seen) expect(place.size).toBe(32)
  })

  test('shown as XXXX-XXXX; typed in any case, with or without dash or spaces', () => {
    expect(formatCode('ABCD2345')).toBe('ABCD-2345')
    for (const typed of ['ABCD-2345', 'abcd2345', ' abcd 2345 ', 'AbCd-2345'])
      expect(normalizeCode(typed)).toBe('ABCD2345')
    expect(normalizeCode('ilo0-LIOo')).toBe('11001100')
  })

  test('anything else is no code', () => {
    for (const typed of ['', 'ABC', 'ABCD-23456', 'ABCD-234U', 'ABCD_2345', 'ÄBCD-2345'])
      expect(normalizeCode(typed)).toBeNull()
  })

  test('the stored hash is keyed by JWT_SECRET: same code, another key, another hash', async () => {
    const deps = (secret: string) => ({
      config: parseConfig({ NODE_ENV: 'test', JWT_SECRET: secret }),
    })
    const a = deps('a'.repeat(40))
    expect(await codeHash(a, 'ABCD2345')).toBe(await codeHash(a, 'ABCD2345'))
    expect(await codeHash(a, 'ABCD2345')).not.toBe(await codeHash(a, 'ABCD2346'))
    expect(await codeHash(a, 'ABCD2345')).not.toBe(await codeHash(deps('b'.repeat(40)), 'ABCD2345'))
  })
})
