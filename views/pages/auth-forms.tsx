// Sign-up, log-in, forgot-password and resend-verification forms.
import {
  ErrorSummary,
  Field,
  type FieldErrors,
  Flash,
  focusTarget,
  hasFieldErrors,
  Submit,
} from '../components'
import { Layout } from '../layout'

type Common = { appName: string; errors?: FieldErrors; message?: string }

const failed = (p: Common) => Boolean(p.message) || hasFieldErrors(p.errors)

export const RegisterPage = (p: Common & { email?: string; passwordHint: string }) => {
  const focus = focusTarget(['email', 'password'], p.errors)
  return (
    <Layout appName={p.appName} title="Create your account" hasErrors={failed(p)}>
      <ErrorSummary
        message={p.message}
        errors={p.errors}
        labels={{ email: 'Email', password: 'Password' }}
      />
      <form method="post" action="/register" novalidate>
        <Field
          name="email"
          label="Email"
          type="email"
          autocomplete="email"
          value={p.email}
          error={p.errors?.email}
          autofocus={focus === 'email'}
        />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete="new-password"
          hint={p.passwordHint}
          error={p.errors?.password}
          autofocus={focus === 'password'}
        />
        <Submit label="Create account" />
      </form>
      <p class="alt">
        Already have an account? <a href="/login">Log in</a> ·{' '}
        <a href="/request-password-reset">Forgot your password?</a>
      </p>
    </Layout>
  )
}

export const LoginPage = (
  p: Common & { email?: string; next?: string; info?: string; resendOpen?: boolean },
) => {
  // After a refused password the email is kept, so the password is where to type next;
  // an unverified account's next step is the resend form, so nothing takes focus then.
  const focus = p.resendOpen
    ? undefined
    : p.message && p.email && !hasFieldErrors(p.errors)
      ? 'password'
      : focusTarget(['email', 'password'], p.errors)
  return (
    <Layout appName={p.appName} title="Log in" hasErrors={failed(p)}>
      {p.info && <Flash kind="success">{p.info}</Flash>}
      <ErrorSummary
        message={p.message}
        errors={p.errors}
        labels={{ email: 'Email', password: 'Password' }}
      />
      <form
        method="post"
        action={p.next ? `/login?next=${encodeURIComponent(p.next)}` : '/login'}
        novalidate
      >
        <Field
          name="email"
          label="Email"
          type="email"
          autocomplete="email"
          value={p.email}
          error={p.errors?.email}
          autofocus={focus === 'email'}
        />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete="current-password"
          error={p.errors?.password}
          autofocus={focus === 'password'}
        />
        <Submit label="Log in" />
      </form>
      <p class="alt">
        <a href="/request-password-reset">Forgot your password?</a> · New here?{' '}
        <a href="/register">Create an account</a>
      </p>
      <details class="resend" open={p.resendOpen}>
        <summary>Didn't get the verification email?</summary>
        <form method="post" action="/resend-verification" novalidate>
          <Field
            name="email"
            idPrefix="resend"
            label="Email"
            type="email"
            autocomplete="email"
            value={p.email}
          />
          <Submit label="Send it again" variant="secondary" />
        </form>
      </details>
    </Layout>
  )
}

export const ForgotPasswordPage = (p: Common & { email?: string }) => (
  <Layout appName={p.appName} title="Forgot your password?" hasErrors={failed(p)}>
    <ErrorSummary message={p.message} errors={p.errors} labels={{ email: 'Email' }} />
    <p>Enter the email of your account and we will send you a link to choose a new password.</p>
    <form method="post" action="/request-password-reset" novalidate>
      <Field
        name="email"
        label="Email"
        type="email"
        autocomplete="email"
        value={p.email}
        error={p.errors?.email}
        autofocus
      />
      <Submit label="Send reset link" />
    </form>
    <p class="alt">
      <a href="/login">Back to log in</a>
    </p>
  </Layout>
)

/** Shown when a resend request could not be read (the form itself sits on the log-in and link-failed pages). */
export const ResendVerificationPage = (p: Common & { email?: string }) => (
  <Layout appName={p.appName} title="Send the verification email again" hasErrors={failed(p)}>
    <ErrorSummary message={p.message} errors={p.errors} labels={{ email: 'Email' }} />
    <form method="post" action="/resend-verification" novalidate>
      <Field
        name="email"
        label="Email"
        type="email"
        autocomplete="email"
        value={p.email}
        error={p.errors?.email}
        autofocus
      />
      <Submit label="Send it again" />
    </form>
    <p class="alt">
      <a href="/login">Back to log in</a>
    </p>
  </Layout>
)
