// Small building blocks of every page: a field with its label, hint and error, an error summary,
// a submit button, a flash message.
import type { Child } from 'hono/jsx'
import type { Translator } from '../src/i18n/translate'

export type FieldErrors = Partial<Record<string, string>>

type FieldProps = {
  t: Translator
  name: string
  label: string
  type?: 'email' | 'password' | 'text'
  autocomplete?: string
  value?: string
  error?: string
  hint?: string
  required?: boolean
  autofocus?: boolean
  minLength?: number
  /** Tells apart two forms on one page that share a field name (ids must be unique). */
  idPrefix?: string
}

export const fieldId = (name: string, idPrefix = 'field') => `${idPrefix}-${name}`

export const Field = (p: FieldProps) => {
  const id = fieldId(p.name, p.idPrefix)
  // The error is read first: it is what the person needs to hear on a re-rendered form.
  const described =
    [p.error && `${id}-error`, p.hint && `${id}-hint`].filter(Boolean).join(' ') || undefined
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{p.label}</label>
      {p.hint && (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="error" id={`${id}-error`}>
          <span class="visually-hidden">{`${p.t.t('form.errorPrefix')} `}</span>
          {p.error}
        </p>
      )}
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        autocomplete={p.autocomplete}
        value={p.type === 'password' ? undefined : p.value}
        required={p.required ?? true}
        minlength={p.minLength}
        autofocus={p.autofocus}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={described}
        autocapitalize={p.type === 'email' || p.type === 'password' ? 'none' : undefined}
        spellcheck={p.type === 'email' || p.type === 'password' ? false : undefined}
      />
    </div>
  )
}

/** An email field, `email` unless named otherwise, with its label. */
export const EmailField = (
  p: Omit<FieldProps, 'name' | 'label' | 'type' | 'autocomplete'> & {
    name?: string
    label?: string
  },
) => (
  <Field
    {...p}
    name={p.name ?? 'email'}
    label={p.label ?? p.t.t('field.email')}
    type="email"
    autocomplete="email"
  />
)

/** The labels of NewPasswordFields, for a page's ErrorSummary. */
export const newPasswordLabels = (t: Translator) => ({
  new_password: t.t('field.newPassword'),
  confirm_new_password: t.t('field.confirmNewPassword'),
})

/**
 * A new password and its confirmation, as every form that sets one asks them (the reset pages,
 * the reset code form, the account's change form). Focus goes to the one `focus` names.
 */
export const NewPasswordFields = (p: {
  t: Translator
  minLength: number
  errors?: FieldErrors
  focus?: string
  idPrefix?: string
}) => {
  const labels = newPasswordLabels(p.t)
  return (
    <>
      <Field
        t={p.t}
        idPrefix={p.idPrefix}
        name="new_password"
        label={labels.new_password}
        type="password"
        autocomplete="new-password"
        hint={p.t.t('password.hint', { min: p.minLength })}
        error={p.errors?.new_password}
        autofocus={p.focus === 'new_password'}
      />
      <Field
        t={p.t}
        idPrefix={p.idPrefix}
        name="confirm_new_password"
        label={labels.confirm_new_password}
        type="password"
        autocomplete="new-password"
        error={p.errors?.confirm_new_password}
        autofocus={p.focus === 'confirm_new_password'}
      />
    </>
  )
}

/**
 * The first field (in form order) that has an error, else the first field: where focus should land.
 */
export function focusTarget(order: string[], errors: FieldErrors | undefined): string | undefined {
  return order.find((name) => errors?.[name]) ?? order[0]
}

export const hasFieldErrors = (errors: FieldErrors | undefined) =>
  Object.values(errors ?? {}).some(Boolean)

/**
 * What went wrong with a submitted form, at the top: a message and a link to each field in error.
 * role="alert" so it is announced when the re-rendered page loads.
 */
export const ErrorSummary = (p: {
  t: Translator
  message?: Child
  errors?: FieldErrors
  labels: Record<string, string>
  idPrefix?: string
}) => {
  const fields = Object.keys(p.labels).filter((name) => p.errors?.[name])
  if (!p.message && fields.length === 0) return null
  return (
    <div class="flash flash-error" role="alert">
      <p class="flash-title">{p.message ?? p.t.t('form.checkForm')}</p>
      {fields.length > 0 && (
        <ul class="error-list">
          {fields.map((name) => (
            <li>
              <a href={`#${fieldId(name, p.idPrefix)}`}>
                {summaryLine(p.t, p.labels[name]!, p.errors?.[name] ?? '')}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** "Email: Enter a valid email address", but not "Password: The password must be …". */
const summaryLine = (t: Translator, label: string, error: string) =>
  error.toLowerCase().includes(label.toLowerCase())
    ? error
    : t.t('form.summaryLine', { label, error })

export const Submit = (p: { label: string; variant?: 'primary' | 'secondary' | 'link' }) => (
  <button type="submit" class={`button button-${p.variant ?? 'primary'}`}>
    {p.label}
  </button>
)

export const Flash = (p: { kind: 'info' | 'success' | 'error'; children: Child }) => (
  <div class={`flash flash-${p.kind}`} role={p.kind === 'error' ? 'alert' : 'status'}>
    {p.children}
  </div>
)
