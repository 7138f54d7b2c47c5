import { describe, expect, test } from 'bun:test'
import fc from 'fast-check'
import { OUTPUT, renderCommonPasswords } from '../../scripts/common-passwords'
import { checkPasswordPolicy } from '../../src/auth/password-policy'
import { LOWEST_PASSWORD_MIN_LENGTH, parseConfig } from '../../src/config'

const rule = (minLength: number) => ({ minLength, appName: 'Gatehouse' })

describe('common-password blocklist', () => {
  test('the committed list is what the generator makes of the installed zxcvbn-ts package', async () => {
    expect(await Bun.file(OUTPUT).text()).toBe(renderCommonPasswords())
  })

  test('refuses a listed password at every minimum it is long enough for, whatever its case or form', () => {
    // "password1234" (12 characters) is on the list; full-width letters are its NFKC twin.
    for (const minLength of [LOWEST_PASSWORD_MIN_LENGTH, 10, 12]) {
      expect(checkPasswordPolicy('Password1234', rule(minLength))).toMatch(/too common/)
      expect(checkPasswordPolicy('ＰＡＳＳＷＯＲＤ1234', rule(minLength))).toMatch(/too common/)
    }
    expect(checkPasswordPolicy('Password1234', rule(13))).toMatch(/at least 13/)
    expect(checkPasswordPolicy('baseball', rule(8))).toMatch(/too common/)
    expect(checkPasswordPolicy('correct horse battery', rule(8))).toBeNull()
  })

  test('PASSWORD_MIN_LENGTH cannot go below what the list covers', () => {
    expect(() =>
      parseConfig({ PASSWORD_MIN_LENGTH: String(LOWEST_PASSWORD_MIN_LENGTH - 1) }),
    ).toThrow(/PASSWORD_MIN_LENGTH/)
    expect(
      parseConfig({ PASSWORD_MIN_LENGTH: String(LOWEST_PASSWORD_MIN_LENGTH) }).passwordMinLength,
    ).toBe(LOWEST_PASSWORD_MIN_LENGTH)
  })
})

const policy = (password: string, email?: string) =>
  checkPasswordPolicy(password, { minLength: 15, appName: 'Gatehouse', email })

describe('trivial passwords the length rule let through', () => {
  // Each of these passed the policy before: 15+ code points, not on the list, no name.
  const found: [string, string, RegExp][] = [
    ['15 spaces', ' '.repeat(15), /at least 4 different characters/],
    ['15 × a', 'a'.repeat(15), /repeated/],
    ['15 NULs', '\u0000'.repeat(15), /control characters/],
    ['15 zero-width spaces', '\u200b'.repeat(15), /at least 4 different characters/],
    ['15 combining acute accents', '\u0301'.repeat(15), /repeated/],
    ['the app name split by a zero-width joiner', 'gate\u200dhouse is my home', /Gatehouse/],
  ]
  for (const [name, password, reason] of found)
    test(`refused: ${name}`, () => expect(policy(password)).toMatch(reason))

  test('the app name and the email, however split, spaced or cased', () => {
    const invisible = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', ' ', '\t']
    for (const mark of invisible.slice(0, -1)) {
      expect(policy(`my GATE${mark}HOUSE account 2026`)).toMatch(/name Gatehouse/)
      expect(policy(`alice${mark}@example.com forever`, 'alice@example.com')).toMatch(
        /your email address/,
      )
    }
    // Full-width letters and ß/SS fold to the same text.
    expect(policy('ｇａｔｅｈｏｕｓｅ is my home')).toMatch(/name Gatehouse/)
    expect(
      checkPasswordPolicy('the STRASSE of my youth', {
        minLength: 15,
        appName: 'Straße',
      }),
    ).toMatch(/name Straße/)
    // A tab is a control character before it is whitespace.
    expect(policy('gate\thouse is my home')).toMatch(/control characters/)
  })

  test('control characters and text that cannot be one password', () => {
    for (const c of ['\u0000', '\u0007', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f'])
      expect(policy(`correct horse${c}battery staple`)).toMatch(/control characters/)
    // Lone surrogates (JSON "\ud800" escapes) and U+FFFD (what an undecodable byte of a form
    // or JSON body becomes) would make different passwords hash alike.
    for (const bad of ['\ud800', '\udfff', '\udc00\ud800', '\ufffd'])
      expect(policy(`correct horse ${bad} battery staple`)).toMatch(/valid Unicode text/)
    // A surrogate pair is one ordinary code point.
    expect(policy('correct horse 🔑 battery staple')).toBeNull()
  })

  test('repetitions of a 1–4 character unit, whole or cut off', () => {
    for (const password of [
      'abababababababab',
      'abcabcabcabcabca',
      'abcdabcdabcdabcd',
      'Ab1!Ab1!Ab1!Ab1!',
      'xyzw'.repeat(20),
      'a b a b a b a b a b a b a b a b',
    ])
      expect(policy(password)).toMatch(/repeated/)
    // A unit of five is not refused by this rule.
    expect(policy('abcdeabcdeabcde')).toBeNull()
  })

  test('ascending and descending runs; digits run round', () => {
    for (const password of [
      'abcdefghijklmnop',
      'ABCDEFGHIJKLMNOPQRS',
      'ponmlkjihgfedcba',
      '123456789012345',
      '987654321098765',
      '0987654321098765',
      'uvwxyzabcdefghij',
      '1 2 3 4 5 6 7 8 9 0 1 2 3 4 5',
    ])
      expect(policy(password)).toMatch(/run of consecutive characters/)
    expect(policy('123456789 123456789')).toBeNull()
  })

  test('fewer than 4 distinct characters once folded', () => {
    for (const password of ['aabbccaabbccaabbcc', 'AaAaAaAabBbBbBbB ', 'abc               '])
      expect(policy(password)).toMatch(/at least 4 different characters|repeated/)
    expect(policy('aAbBcCaAbBcCaAbBcC')).toMatch(/at least 4 different characters/)
    expect(policy('abcd abcd abcd dcba')).toBeNull()
  })

  test('a common password padded with spaces or invisible characters is still common', () => {
    expect(policy('password1234   ')).toMatch(/too common/)
    expect(policy('pass\u200bword\u200b1234\u200b\u200b\u200b')).toMatch(/too common/)
    expect(policy('ＰＡＳＳＷＯＲＤ1234       ')).toMatch(/too common/)
  })

  test('ordinary passphrases pass', () => {
    for (const password of [
      'correct horse battery staple',
      'a brand new passphrase 2026',
      'Tr0ub4dor&3 is not enough',
      'мой пароль очень длинный',
      '🔑🔑🔑🔑 emoji pass',
    ])
      expect(policy(password)).toBeNull()
  })
})

describe('properties (fast-check)', () => {
  const invisible = fc.constantFrom('\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', ' ')
  const word = fc.constantFrom(
    'maple',
    'orbit',
    'lantern',
    'quartz',
    'velvet',
    'harbor',
    'cobalt',
    'thistle',
    'meadow',
    'ember',
  )

  test('the app name inside any password, with any case and invisible characters in it, is refused', () => {
    fc.assert(
      fc.property(
        word,
        word,
        fc.array(fc.tuple(fc.boolean(), fc.option(invisible, { nil: undefined })), {
          minLength: 9,
          maxLength: 9,
        }),
        (before, after, marks) => {
          const name = [...'gatehouse']
            .map((c, i) => {
              const [upper, mark] = marks[i]!
              return `${mark ?? ''}${upper ? c.toUpperCase() : c}`
            })
            .join('')
          expect(policy(`${before} ${name} ${after}`)).toMatch(/name Gatehouse/)
        },
      ),
    )
  })

  test('any password with a lone surrogate is refused', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.integer({ min: 0xd800, max: 0xdfff }),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        (a, surrogate, b) => {
          const password = `correct horse ${a}${String.fromCharCode(surrogate)}${b} battery`
          // The surrogate may pair with a neighbour into an ordinary character; then it is not lone.
          if (password.isWellFormed()) return
          expect(policy(password)).toMatch(/valid Unicode text/)
        },
      ),
    )
  })

  test('a unit of 1–4 characters repeated to any length ≥ 15, cased and spaced at will, is refused', () => {
    const char = fc.constantFrom(...'abcxyz019!?é中🔑'.split(/(?:)/u))
    fc.assert(
      fc.property(
        fc.array(char, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 15, max: 120 }),
        fc.array(fc.tuple(fc.boolean(), fc.option(invisible, { nil: undefined })), {
          minLength: 120,
          maxLength: 120,
        }),
        (unit, length, marks) => {
          const password = Array.from({ length }, (_, i) => {
            const [upper, mark] = marks[i]!
            const c = unit[i % unit.length]!
            return `${upper ? c.toUpperCase() : c}${mark ?? ''}`
          }).join('')
          expect(policy(password)).toMatch(/repeated|at least 4 different|at most 256/)
        },
      ),
    )
  })

  test('a run of digits or letters from any start, up or down, of any length ≥ 15, is refused', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('0123456789', 'abcdefghijklmnopqrstuvwxyz'),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 15, max: 80 }),
        fc.boolean(),
        (alphabet, start, length, down) => {
          const chars = Array.from({ length }, (_, i) => {
            const k = down ? start - i : start + i
            return alphabet[((k % alphabet.length) + alphabet.length) % alphabet.length]!
          })
          expect(policy(chars.join(''))).toMatch(/run of consecutive/)
        },
      ),
    )
  })

  test('the verdict depends only on the NFKC form, and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (password) => {
        expect(policy(password)).toBe(policy(password.normalize('NFKC')))
      }),
      { numRuns: 2000 },
    )
  })

  test('passphrases of four or more ordinary words pass', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 4, maxLength: 10 }), fc.nat(9999), (words, n) => {
        fc.pre(new Set(words).size >= 2)
        expect(policy(`${words.join(' ')} ${n}`)).toBeNull()
      }),
    )
  })
})
