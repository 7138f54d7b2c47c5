// Small building blocks of every page: a field with its label and error, a submit button, a flash message.
import type { Child } from 'hono/jsx'

type FieldProps = {
  name: string
  label: string
  type?: 'email' | 'password' | 'text'
  autocomplete?: string
  value?: string
  error?: string
  hint?: string
  required?: boolean
  autofocus?: boolean
}

export const Field = (p: FieldProps) => {
  const id = `field-${p.name}`
  const described = [p.hint && `${id}-hint`, p.error && `${id}-error`].filter(Boolean).join(' ') || undefined
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{p.label}</label>
      {p.hint && <p class="hint" id={`${id}-hint`}>{p.hint}</p>}
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        autocomplete={p.autocomplete}
        value={p.value}
        required={p.required ?? true}
        autofocus={p.autofocus}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={described}
        spellcheck={p.type === 'email' ? false : undefined}
      />
      {p.error && <p class="error" id={`${id}-error`}>{p.error}</p>}
    </div>
  )
}

export const Submit = (p: { label: string; variant?: 'primary' | 'secondary' | 'link' }) => (
  <button type="submit" class={`button button-${p.variant ?? 'primary'}`}>{p.label}</button>
)

export const Flash = (p: { kind: 'info' | 'success' | 'error'; children: Child }) => (
  <div class={`flash flash-${p.kind}`} role={p.kind === 'error' ? 'alert' : 'status'}>{p.children}</div>
)

export type FieldErrors = Partial<Record<string, string>>
