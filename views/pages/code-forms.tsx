// The one-time code forms: on the "check your inbox" pages and the account page (a reader who
// opened the mail on another device types the code here), and as pages of their own, which a
// failed code form re-renders with its error and the entered email (never a password).
import type { Child } from 'hono/jsx'
import {
  EmailField,
  ErrorSummary,
  Field,
  type FieldErrors,
  focusTarget,
  hasFieldErrors,
  NewPasswordFields,
  newPasswordLabels,
  Submit,
} from '../components'
import { Layout, type PageEnv } from '../layout'

const PREFIX = 'code'

type CodeForm = PageEnv & {
  email?: string
  /** Kept when the form failed for another reason (the passwords): the code is still good. */
  code?: string
  errors?: FieldErrors
  /** A known address travels hidden (the inbox pages); else it is a field, prefilled. */
  hideEmail?: boolean
  autofocus?: boolean
}

const labels = (p: PageEnv, withPasswords = false) => ({
  email: p.t.t('field.email'),
  code: p.t.t('field.code'),
  ...(withPasswords && newPasswordLabels(p.t)),
})

const EmailOrHidden = (p: CodeForm & { focus?: string }) =>
  p.hideEmail && p.email && !p.errors?.email ? (
    <input type="hidden" name="email" value={p.email} />
  ) : (
    <EmailField
      t={p.t}
      idPrefix={PREFIX}
      value={p.email}
      error={p.errors?.email}
      autofocus={p.autofocus && p.focus === 'email'}
    />
  )

const CodeField = (p: CodeForm & { focus?: string }) => (
  <Field
    t={p.t}
    idPrefix={PREFIX}
    name="code"
    label={p.t.t('field.code')}
    hint={p.t.t('codeForm.hint')}
    autocomplete="one-time-code"
    value={p.code}
    error={p.errors?.code}
    autofocus={p.autofocus && p.focus === 'code'}
  />
)

const focusOf = (p: CodeForm, order: string[]) =>
  focusTarget(
    order.filter((name) => name !== 'email' || !(p.hideEmail && p.email)),
    p.errors,
  )

export const VerifyCodeForm = (p: CodeForm) => {
  const focus = focusOf(p, ['email', 'code'])
  return (
    <form method="post" action={p.url('/verify-email')} class="code-form" novalidate>
      <EmailOrHidden {...p} focus={focus} />
      <CodeField {...p} focus={focus} />
      <Submit label={p.t.t('codeForm.verifySubmit')} />
    </form>
  )
}

export const ResetCodeForm = (p: CodeForm & { passwordMinLength: number }) => {
  const { t } = p
  const focus = focusOf(p, ['email', 'code', 'new_password', 'confirm_new_password'])
  return (
    <form method="post" action={p.url('/reset-password')} class="code-form" novalidate>
      <EmailOrHidden {...p} focus={focus} />
      <CodeField {...p} focus={focus} />
      <NewPasswordFields
        t={t}
        idPrefix={PREFIX}
        minLength={p.passwordMinLength}
        errors={p.errors}
        focus={p.autofocus ? focus : undefined}
      />
      <Submit label={t.t('codeForm.resetSubmit')} />
    </form>
  )
}

export const EmailChangeCodeForm = (p: CodeForm) => (
  <form method="post" action={p.url('/confirm-email-change')} class="code-form" novalidate>
    <CodeField {...p} focus="code" />
    <Submit label={p.t.t('codeForm.emailChangeSubmit')} />
  </form>
)

/** A form's heading and intro where it sits below another message (the inbox pages). */
export const CodeSection = (p: PageEnv & { children: Child; intro?: string }) => (
  <section class="code-section" aria-labelledby="code-heading">
    <h2 id="code-heading">{p.t.t('codeForm.title')}</h2>
    <p>{p.intro ?? p.t.t('codeForm.intro')}</p>
    {p.children}
  </section>
)

type CodePage = CodeForm & { message?: string }

const failed = (p: CodePage) => Boolean(p.message) || hasFieldErrors(p.errors)

/** GET /verify-email without a token, and a failed verify code form. */
export const VerifyCodePage = (p: CodePage) => (
  <Layout env={p} title={p.t.t('codeForm.title')} hasErrors={failed(p)}>
    <ErrorSummary
      t={p.t}
      message={p.message}
      errors={p.errors}
      labels={labels(p)}
      idPrefix={PREFIX}
    />
    <p>{p.t.t('codeForm.intro')}</p>
    <VerifyCodeForm {...p} autofocus />
  </Layout>
)

/** GET /reset-password without a token, and a failed reset code form. */
export const ResetCodePage = (p: CodePage & { passwordMinLength: number }) => (
  <Layout env={p} title={p.t.t('codeForm.title')} hasErrors={failed(p)}>
    <ErrorSummary
      t={p.t}
      message={p.message}
      errors={p.errors}
      labels={labels(p, true)}
      idPrefix={PREFIX}
    />
    <p>{p.t.t('codeForm.intro')}</p>
    <ResetCodeForm {...p} autofocus />
    <p class="alt">{p.t.t('reset.signsOut')}</p>
  </Layout>
)

/** A failed email-change code form (signed in). */
export const EmailChangeCodePage = (p: CodePage) => (
  <Layout env={p} title={p.t.t('codeForm.title')} hasErrors={failed(p)} signedIn>
    <ErrorSummary
      t={p.t}
      message={p.message}
      errors={p.errors}
      labels={{ code: p.t.t('field.code') }}
      idPrefix={PREFIX}
    />
    <EmailChangeCodeForm {...p} autofocus />
  </Layout>
)
