// The password rule of NIST SP 800-63B-4: length, a blocklist, no composition rules.
import { COMMON_PASSWORDS } from './common-passwords'

export const MAX_PASSWORD_LENGTH = 256

const blocklists = new Map<number, Set<string>>()
/**
 * The common passwords (of the maintained zxcvbn-ts list) that are long enough to pass the
 * length rule, built on first use: at the default minimum of 15 only a few dozen remain.
 */
function commonPasswords(minLength: number): Set<string> {
  let blocklist = blocklists.get(minLength)
  if (!blocklist) {
    blocklist = new Set(COMMON_PASSWORDS.split('\n').filter((p) => [...p].length >= minLength))
    blocklists.set(minLength, blocklist)
  }
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
  if (commonPasswords(rule.minLength).has(lower)) return 'Password is too common; choose another one'
  if (lower.includes(rule.appName.toLowerCase())) return `Password must not contain the name ${rule.appName}`
  if (rule.email && lower.includes(rule.email.toLowerCase())) return 'Password must not contain your email address'
  return null
}

export function passwordRuleHint(minLength: number): string {
  return `At least ${minLength} characters. Long passphrases are welcome; very common passwords are refused.`
}
