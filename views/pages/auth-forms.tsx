// Sign-up, log-in, forgot-password and resend-verification forms.
import {
  EmailField,
  ErrorSummary,
  Field,
  type FieldErrors,
  Flash,
  focusTarget,
  hasFieldErrors,
  Submit,
} from '../components'
import { Layout, type PageEnv } from '../layout'

type Common = PageEnv & { errors?: FieldErrors; message?: string }

const failed = (p: Common) => Boolean(p.message) || hasFieldErrors(p.errors)

const credentialLabels = ({ t }: PageEnv) => ({
  email: t.t('field.email'),
  password: t.t('field.password'),
})

export const RegisterPage = (p: Common & { email?: string; passwordMinLength: number }) => {
  const { t } = p
  const focus = focusTarget(['email', 'password'], p.errors)
  const labels = credentialLabels(p)
  return (
    <Layout env={p} title={t.t('register.title')} hasErrors={failed(p)}>
      <ErrorSummary t={t} message={p.message} errors={p.errors} labels={labels} />
      <form method="post" action={p.url('/register')} novalidate>
        <EmailField t={t} value={p.email} error={p.errors?.email} autofocus={focus === 'email'} />
        <Field
          t={t}
          name="password"
          label={labels.password}
          type="password"
          autocomplete="new-password"
          hint={t.t('password.hint', { min: p.passwordMinLength })}
          error={p.errors?.password}
          autofocus={focus === 'password'}
        />
        <Submit label={t.t('register.submit')} />
      </form>
      <p class="alt">
        {t.rich('register.haveAccount', {
          login: <a href={p.url('/login')}>{t.t('auth.login')}</a>,
          forgot: <a href={p.url('/request-password-reset')}>{t.t('auth.forgot')}</a>,
        })}
      </p>
    </Layout>
  )
}

export const LoginPage = (
  p: Common & { email?: string; next?: string; info?: string; resendOpen?: boolean },
) => {
  const { t } = p
  // After a refused password the email is kept, so the password is where to type next;
  // an unverified account's next step is the resend form, so nothing takes focus then.
  const focus = p.resendOpen
    ? undefined
    : p.message && p.email && !hasFieldErrors(p.errors)
      ? 'password'
      : focusTarget(['email', 'password'], p.errors)
  const labels = credentialLabels(p)
  return (
    <Layout env={p} title={t.t('login.title')} hasErrors={failed(p)}>
      {p.info && <Flash kind="success">{p.info}</Flash>}
      <ErrorSummary t={t} message={p.message} errors={p.errors} labels={labels} />
      <form
        method="post"
        action={p.url(p.next ? `/login?next=${encodeURIComponent(p.next)}` : '/login')}
        novalidate
      >
        <EmailField t={t} value={p.email} error={p.errors?.email} autofocus={focus === 'email'} />
        <Field
          t={t}
          name="password"
          label={labels.password}
          type="password"
          autocomplete="current-password"
          error={p.errors?.password}
          autofocus={focus === 'password'}
        />
        <Submit label={t.t('login.submit')} />
      </form>
      <p class="alt">
        {t.rich('login.newHere', {
          forgot: <a href={p.url('/request-password-reset')}>{t.t('auth.forgot')}</a>,
          register: <a href={p.url('/register')}>{t.t('auth.createAccount')}</a>,
        })}
      </p>
      <details class="resend" open={p.resendOpen}>
        <summary>{t.t('login.noMail')}</summary>
        <form method="post" action={p.url('/resend-verification')} novalidate>
          <EmailField t={t} idPrefix="resend" value={p.email} />
          <Submit label={t.t('login.sendAgain')} variant="secondary" />
        </form>
      </details>
    </Layout>
  )
}

/** One email field and a button: the forgot-password form and the resend form. */
const EmailForm = (
  p: Common & { email?: string; intro?: string; action: string; submit: string },
) => (
  <>
    <ErrorSummary
      t={p.t}
      message={p.message}
      errors={p.errors}
      labels={{ email: p.t.t('field.email') }}
    />
    {p.intro && <p>{p.intro}</p>}
    <form method="post" action={p.action} novalidate>
      <EmailField t={p.t} value={p.email} error={p.errors?.email} autofocus />
      <Submit label={p.submit} />
    </form>
    <p class="alt">
      <a href={p.url('/login')}>{p.t.t('auth.backToLogin')}</a>
    </p>
  </>
)

export const ForgotPasswordPage = (p: Common & { email?: string }) => (
  <Layout env={p} title={p.t.t('forgot.title')} hasErrors={failed(p)}>
    <EmailForm
      {...p}
      intro={p.t.t('forgot.intro')}
      action={p.url('/request-password-reset')}
      submit={p.t.t('forgot.submit')}
    />
  </Layout>
)

/** Shown when a resend request could not be read (the form itself sits on the log-in and
 * link-failed pages). */
export const ResendVerificationPage = (p: Common & { email?: string }) => (
  <Layout env={p} title={p.t.t('resend.title')} hasErrors={failed(p)}>
    <EmailForm {...p} action={p.url('/resend-verification')} submit={p.t.t('resend.submit')} />
  </Layout>
)
