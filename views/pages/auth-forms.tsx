// Sign-up, log-in and forgot-password forms.
import { Field, type FieldErrors, Flash, Submit } from '../components'
import { Layout } from '../layout'

type Common = { appName: string; errors?: FieldErrors; message?: string }

export const RegisterPage = (p: Common & { email?: string; passwordHint: string }) => (
  <Layout appName={p.appName} title="Create your account">
    {p.message && <Flash kind="error">{p.message}</Flash>}
    <form method="post" action="/register" novalidate>
      <Field name="email" label="Email" type="email" autocomplete="email" value={p.email} error={p.errors?.email} autofocus />
      <Field name="password" label="Password" type="password" autocomplete="new-password" hint={p.passwordHint} error={p.errors?.password} />
      <Submit label="Create account" />
    </form>
    <p class="alt">Already have an account? <a href="/login">Log in</a></p>
  </Layout>
)

export const LoginPage = (p: Common & { email?: string; next?: string; info?: string }) => (
  <Layout appName={p.appName} title="Log in">
    {p.info && <Flash kind="success">{p.info}</Flash>}
    {p.message && <Flash kind="error">{p.message}</Flash>}
    <form method="post" action={p.next ? `/login?next=${encodeURIComponent(p.next)}` : '/login'} novalidate>
      <Field name="email" label="Email" type="email" autocomplete="email" value={p.email} error={p.errors?.email} autofocus />
      <Field name="password" label="Password" type="password" autocomplete="current-password" error={p.errors?.password} />
      <Submit label="Log in" />
    </form>
    <p class="alt">
      <a href="/request-password-reset">Forgot your password?</a> · New here? <a href="/register">Create an account</a>
    </p>
    <details class="resend">
      <summary>Didn't get the verification email?</summary>
      <form method="post" action="/resend-verification">
        <Field name="email" label="Email" type="email" autocomplete="email" value={p.email} />
        <Submit label="Send it again" variant="secondary" />
      </form>
    </details>
  </Layout>
)

export const ForgotPasswordPage = (p: Common & { email?: string }) => (
  <Layout appName={p.appName} title="Forgot your password?">
    {p.message && <Flash kind="error">{p.message}</Flash>}
    <p>Enter the email of your account and we will send you a link to choose a new password.</p>
    <form method="post" action="/request-password-reset" novalidate>
      <Field name="email" label="Email" type="email" autocomplete="email" value={p.email} error={p.errors?.email} autofocus />
      <Submit label="Send reset link" />
    </form>
    <p class="alt"><a href="/login">Back to log in</a></p>
  </Layout>
)
