// The password rule of NIST SP 800-63B-4: length, a blocklist, no composition rules.
import { dictionary } from '@zxcvbn-ts/language-common'

export const MAX_PASSWORD_LENGTH = 256

let blocklist: Set<string> | undefined
/** The ~49,000 most common passwords of the maintained zxcvbn-ts list, built on first use. */
function commonPasswords(): Set<string> {
  blocklist ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()))
  return blocklist
}

/** Passwords are compared and hashed in NFKC form, so the same password typed differently still matches. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC')
}

/** Returns why the password is refused, or null. Never truncates. */
export function checkPasswordPolicy(password: string, rule: { minLength: number; appName: string; email?: string }): string | null {
  const normalized = normalizePassword(password)
  const length = [...normalized].length
  if (length < rule.minLength) return `Password must be at least ${rule.minLength} characters long`
  if (length > MAX_PASSWORD_LENGTH) return `Password must be at most ${MAX_PASSWORD_LENGTH} characters long`
  const lower = normalized.toLowerCase()
  if (commonPasswords().has(lower)) return 'Password is too common; choose another one'
  if (lower.includes(rule.appName.toLowerCase())) return `Password must not contain the name ${rule.appName}`
  if (rule.email && lower.includes(rule.email.toLowerCase())) return 'Password must not contain your email address'
  return null
}

export function passwordRuleHint(minLength: number): string {
  return `At least ${minLength} characters. Long passphrases are welcome; very common passwords are refused.`
}
