// One valibot schema per input, shared by JSON bodies and HTML forms.
import * as v from 'valibot'
import { LANGUAGES } from '../i18n/languages'

const INVALID_EMAIL = 'value is not a valid email address'

export const Email = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(254, `${INVALID_EMAIL}: at most 254 characters`),
  v.email(INVALID_EMAIL),
)
/** The policy (length, blocklist) is applied by the use-case; here only a generous bound. */
const Password = v.pipe(
  v.string(),
  v.maxLength(4096, 'Password must be at most 256 characters long'),
)
const Token = v.pipe(v.string(), v.maxLength(512, 'Token is too long'))

export const RegisterInput = v.object({ email: Email, password: Password })
export const LoginInput = v.object({ email: Email, password: Password })
export const EmailInput = v.object({ email: Email })
/** Checked by the use-case (a malformed code is a wrong one, answered as a bad token). */
const Code = v.pipe(v.string(), v.maxLength(64, 'Code is too long'))
export const TokenInput = v.object({ token: Token })

/** A body with a `code` is the code's alternative to the link's token; any other, the token's. */
const tokenOrCode = <T extends v.GenericSchema, C extends v.GenericSchema>(token: T, code: C) =>
  v.lazy((input: unknown) =>
    typeof input === 'object' && input !== null && 'code' in input ? code : token,
  ) as v.LazySchema<T | C>

const newPasswords = { new_password: Password, confirm_new_password: v.optional(Password) }
export const ResetPasswordInput = v.object({ token: Token, ...newPasswords })
export const VerifyEmailCodeInput = v.object({ email: Email, code: Code })
export const ResetPasswordCodeInput = v.object({ email: Email, code: Code, ...newPasswords })
export const EmailChangeCodeInput = v.object({ code: Code })

export const VerifyEmailBody = tokenOrCode(TokenInput, VerifyEmailCodeInput)
export const ResetPasswordBody = tokenOrCode(ResetPasswordInput, ResetPasswordCodeInput)
export const ConfirmEmailChangeBody = tokenOrCode(TokenInput, EmailChangeCodeInput)
/** The footer's language switch; `next` is where to go back to (a path of this app). */
export const LanguageInput = v.object({
  lang: v.picklist(LANGUAGES, `Input should be one of ${LANGUAGES.join(', ')}`),
  next: v.optional(v.pipe(v.string(), v.maxLength(2048, 'next is too long'))),
})
export const ChangePasswordInput = v.object({
  current_password: Password,
  new_password: Password,
  confirm_new_password: v.optional(Password),
})
export const ChangeEmailInput = v.object({ current_password: Password, new_email: Email })
export const CurrentPasswordInput = v.object({ current_password: Password })
export const SessionIdInput = v.object({
  session_id: v.pipe(v.string(), v.maxLength(512, 'Session id is too long')),
})
