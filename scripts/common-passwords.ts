// Writes src/auth/common-passwords.txt from the zxcvbn-ts list: `bun scripts/common-passwords.ts`.
// The app keeps only what a policy can ever refuse (at least the lowest PASSWORD_MIN_LENGTH),
// normalized as passwords are compared, one per line: the package's whole decompressed
// dictionary would stay in memory for the life of the process.
import { dictionary } from '@zxcvbn-ts/language-common'
import pkg from '@zxcvbn-ts/language-common/package.json'
import { LOWEST_PASSWORD_MIN_LENGTH as LOWEST_MIN_LENGTH } from '../src/config'

export const OUTPUT = new URL('../src/auth/common-passwords.txt', import.meta.url)

export function renderCommonPasswords(): string {
  const kept = new Set<string>()
  for (const password of dictionary['passwords-common']) {
    const normalized = password.normalize('NFKC').toLowerCase()
    if ([...normalized].length >= LOWEST_MIN_LENGTH && !normalized.includes('\n'))
      kept.add(normalized)
  }
  return `${[...kept].join('\n')}\n`
}

if (import.meta.main) {
  await Bun.write(OUTPUT, renderCommonPasswords())
  console.log(`wrote ${OUTPUT.pathname} from @zxcvbn-ts/language-common ${pkg.version}`)
}
