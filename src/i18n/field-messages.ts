// A 422 issue's English `msg` (the API's words, kept in JSON) as the reader's language on a page.
import type { TextKey, Translator } from './translate'

/** The message shapes of src/http/read-input.ts, inputs.ts and auth/password-policy.ts. */
const PATTERNS: [RegExp, TextKey, string[]][] = [
  [/^Field required$/, 'issue.required', []],
  [/^Input should be a valid string$/, 'issue.string', []],
  [/^value is not a valid email address: at most/, 'issue.emailTooLong', []],
  [/^value is not a valid email address/, 'issue.email', []],
  [/^Token is too long$/, 'issue.tooLong', []],
  [/^Password must be at least (\d+) characters long$/, 'issue.passwordTooShort', ['min']],
  [/^Password must be at most (\d+) characters long$/, 'issue.passwordTooLong', ['max']],
  [/^Password must be valid Unicode text/, 'issue.passwordInvalidText', []],
  [/^Password must not contain control characters$/, 'issue.passwordControl', []],
  [/^Password must contain at least (\d+) different/, 'issue.passwordFewDistinct', ['min']],
  [/^Password must not be one character/, 'issue.passwordRepeated', []],
  [/^Password must not be a run/, 'issue.passwordRun', []],
  [/^Password is too common/, 'issue.passwordCommon', []],
  [/^Password must not contain your email/, 'issue.passwordEmail', []],
  [/^Password must not contain the name (.+)$/, 'issue.passwordAppName', ['name']],
  [/^Passwords do not match$/, 'issue.passwordsDiffer', []],
]

/** The translated message, or the English one when its shape is unknown (never nothing). */
export function fieldMessage(t: Translator, msg: string): string {
  for (const [pattern, key, names] of PATTERNS) {
    const match = pattern.exec(msg)
    if (match) return t.t(key, Object.fromEntries(names.map((n, i) => [n, match[i + 1]!])))
  }
  return msg
}
