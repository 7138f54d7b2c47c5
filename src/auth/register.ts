// Sign-up: policy check, argon2id hash, the user and their verification mail in one transaction.
import type { Deps } from '../deps'
import { type FieldIssue, fail, type Result } from '../errors'
import type { Lang } from '../i18n/languages'
import { linkExpiry } from '../mail/messages'
import { deliverClaimedMail, leaseFrom } from '../mail/outbox'
import { codeHash, mintCode } from './codes'
import { checkPasswordPolicy, normalizePassword } from './password-policy'
import { emailKey } from './rate-limits'
import { randomToken, sha256 } from './tokens'

export function passwordIssue(
  deps: Deps,
  password: string,
  field: string,
  email?: string,
): FieldIssue[] | undefined {
  const reason = checkPasswordPolicy(password, {
    minLength: deps.config.passwordMinLength,
    appName: deps.config.appName,
    email,
  })
  return reason ? [{ loc: ['body', field], msg: reason, type: 'value_error' }] : undefined
}

type RegisterResult = Result<
  { userId: number; emailSent: boolean },
  'VALIDATION_FAILED' | 'EMAIL_TAKEN'
>

export async function registerUser(
  deps: Deps,
  input: { email: string; password: string; language: Lang },
  clientIp: string,
): Promise<RegisterResult> {
  const fields = passwordIssue(deps, input.password, 'password', input.email)
  if (fields) return fail('VALIDATION_FAILED', { fields })
  if (await deps.db.findUserByEmail(input.email)) {
    const emailHash = await emailKey(deps, input.email)
    deps.log.info('auth.register', { outcome: 'email_taken', emailHash, ip: clientIp })
    return fail('EMAIL_TAKEN')
  }
  const passwordHash = await deps.hasher.hash(normalizePassword(input.password))
  // The verification link and code are minted before the user exists: their hashes are
  // written with them.
  const token = randomToken()
  const code = mintCode()
  const now = deps.clock.now()
  const created = await deps.db.createUser({
    email: input.email,
    passwordHash,
    language: input.language,
    now,
    leaseUntil: leaseFrom(now),
    linkTokenHash: await sha256(token),
    linkCodeHash: await codeHash(deps, code),
    linkExpiresAt: linkExpiry('verify_email', now),
  })
  if (!created) return fail('EMAIL_TAKEN')
  // The first delivery attempt is awaited (bounded by the SMTP timeout) so the answer can say
  // whether it went out; the outbox retries it either way.
  const emailSent = await deliverClaimedMail(deps, created.mail, token, code)
  deps.log.info('auth.register', {
    outcome: 'success',
    userId: created.user.id,
    ip: clientIp,
    emailSent,
  })
  return { ok: true, userId: created.user.id, emailSent }
}
