// Pages reached from emailed links: the token travels in a hidden field, and only the POST acts.
import { Field, type FieldErrors, Flash, Submit } from '../components'
import { Layout } from '../layout'

export const VerifyConfirmPage = (p: { appName: string; token: string }) => (
  <Layout appName={p.appName} title="Confirm your email">
    <p>One more step: press the button to confirm this email address.</p>
    <form method="post" action="/verify-email">
      <input type="hidden" name="token" value={p.token} />
      <Submit label="Confirm my email" />
    </form>
  </Layout>
)

export const ResetPasswordPage = (p: { appName: string; token: string; errors?: FieldErrors; message?: string; passwordHint: string }) => (
  <Layout appName={p.appName} title="Choose a new password">
    {p.message && <Flash kind="error">{p.message}</Flash>}
    <form method="post" action="/reset-password" novalidate>
      <input type="hidden" name="token" value={p.token} />
      <Field name="new_password" label="New password" type="password" autocomplete="new-password" hint={p.passwordHint} error={p.errors?.new_password} autofocus />
      <Field name="confirm_new_password" label="Repeat the new password" type="password" autocomplete="new-password" error={p.errors?.confirm_new_password} />
      <Submit label="Set new password" />
    </form>
  </Layout>
)
