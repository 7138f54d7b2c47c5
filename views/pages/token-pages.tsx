// Pages reached from emailed links: the token travels in a hidden field, and only the POST acts.
import { ErrorSummary, Field, type FieldErrors, hasFieldErrors, Submit } from '../components'
import { Layout } from '../layout'

export const VerifyConfirmPage = (p: { appName: string; token: string }) => (
  <Layout appName={p.appName} title="Confirm your email">
    <p>One more step: press the button to confirm this email address.</p>
    <form method="post" action="/verify-email">
      <input type="hidden" name="token" value={p.token} />
      <Submit label="Confirm my email" />
    </form>
    <p class="alt">
      Opening the link did not change anything: nothing happens until you press the button.
    </p>
  </Layout>
)

/** A verification link that is unknown, used up long ago or expired: offer a new one. */
export const VerifyLinkFailedPage = (p: { appName: string; message: string }) => (
  <Layout appName={p.appName} title="This link no longer works">
    <div class="flash flash-error" role="alert">
      <p class="flash-title">{p.message}</p>
    </div>
    <p>Verification links work for 24 hours. Enter your email and we will send you a new one.</p>
    <form method="post" action="/resend-verification" novalidate>
      <Field name="email" label="Email" type="email" autocomplete="email" />
      <Submit label="Send a new link" />
    </form>
    <p class="alt">
      Already confirmed? <a href="/login">Log in</a>
    </p>
  </Layout>
)

export const ResetPasswordPage = (p: {
  appName: string
  token: string
  errors?: FieldErrors
  message?: string
  passwordHint: string
}) => {
  const labels = { new_password: 'New password', confirm_new_password: 'Repeat the new password' }
  return (
    <Layout
      appName={p.appName}
      title="Choose a new password"
      hasErrors={Boolean(p.message) || hasFieldErrors(p.errors)}
    >
      <ErrorSummary message={p.message} errors={p.errors} labels={labels} />
      <form method="post" action="/reset-password" novalidate>
        <input type="hidden" name="token" value={p.token} />
        {/* Neither password is ever sent back, so typing starts again at the first one. */}
        <Field
          name="new_password"
          label={labels.new_password}
          type="password"
          autocomplete="new-password"
          hint={p.passwordHint}
          error={p.errors?.new_password}
          autofocus
        />
        <Field
          name="confirm_new_password"
          label={labels.confirm_new_password}
          type="password"
          autocomplete="new-password"
          error={p.errors?.confirm_new_password}
        />
        <Submit label="Set new password" />
      </form>
      <p class="alt">Setting a new password signs you out everywhere.</p>
    </Layout>
  )
}

/** A reset link that is unknown, already used or older than an hour. */
export const ResetLinkFailedPage = (p: { appName: string; message: string }) => (
  <Layout appName={p.appName} title="This link no longer works">
    <div class="flash flash-error" role="alert">
      <p class="flash-title">{p.message}</p>
    </div>
    <p>Reset links work once and expire after 1 hour. A newer request also replaces older links.</p>
    <p class="actions">
      <a class="button button-primary" href="/request-password-reset">
        Ask for a new link
      </a>
    </p>
  </Layout>
)
