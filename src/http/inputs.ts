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
export const TokenInput = v.object({ token: Token })
export const ResetPasswordInput = v.object({
  token: Token,
  new_password: Password,
  confirm_new_password: v.optional(Password),
})
/** The footer's language switch; `next` is where to go back to (a path of this app). */
export const LanguageInput = v.object({
  lang: v.picklist(LANGUAGES, `Input should be one of ${LANGUAGES.join(', ')}`),
  next: v.optional(v.pipe(v.string(), v.maxLength(2048, 'next is too long'))),
})
