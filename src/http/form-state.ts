// What a refused account form says on its re-rendered page: the field at fault, or why not now.
import type { FormState } from '../../views/pages/account-forms'
import type { Failure } from '../errors'
import type { Translator } from '../i18n/translate'
import { fieldErrors } from './respond'

export function formState(t: Translator, failure: Failure, retryAfter?: string): FormState {
  switch (failure.code) {
    case 'VALIDATION_FAILED':
      return { errors: fieldErrors(t, failure.fields) }
    case 'CURRENT_PASSWORD_INCORRECT':
      return { errors: { current_password: t.t('code.CURRENT_PASSWORD_INCORRECT') } }
    case 'PASSWORDS_DO_NOT_MATCH':
      return { errors: { confirm_new_password: t.t('issue.passwordsDiffer') } }
    case 'RATE_LIMITED':
      return {
        message: t.t('accountForm.tooMany', {
          time: t.plural('unit.seconds', Number(retryAfter ?? failure.retryAfter ?? 60)),
        }),
      }
    default:
      return { message: t.t(`code.${failure.code}`) }
  }
}
