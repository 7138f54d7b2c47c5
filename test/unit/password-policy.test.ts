import { describe, expect, test } from 'bun:test'
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
