// The pages a successful form post redirects to (Post/Redirect/Get). Each reads its one-time
// notice when there is one and still makes sense without it (opened directly, or reloaded).
import { MessagePage } from './message-page'

type Link = { href: string; label: string }
const LOG_IN: Link = { href: '/login', label: 'Log in' }

const Address = (p: { email: string }) => <strong class="email">{p.email}</strong>

/** After sign-up. `sent`: the mail went out (else it is queued); absent: no notice to show. */
export const RegisterCheckInboxPage = (p: {
  appName: string
  email?: string
  sent?: boolean
  links: Link[]
}) => (
  <MessagePage
    appName={p.appName}
    title="Check your inbox"
    kind={p.email ? 'success' : 'info'}
    message={
      p.email === undefined
        ? 'If you just created an account, a verification link is on its way to the address you entered.'
        : p.sent
          ? `We sent a verification link to ${p.email}.`
          : 'Your account is created. The verification email is on its way; it may take a few minutes.'
    }
    detail={
      <p>
        Open the link in the email to confirm your address, then log in. The link expires in 24
        hours.
      </p>
    }
    links={p.links}
  />
)

export const ResendCheckInboxPage = (p: { appName: string; email?: string; links: Link[] }) => (
  <MessagePage
    appName={p.appName}
    title="Check your inbox"
    message="If the account exists and is not verified, a new verification email has been sent."
    detail={
      <p>
        {p.email && (
          <>
            Look in the inbox of <Address email={p.email} />.{' '}
          </>
        )}
        The new link expires in 24 hours.
      </p>
    }
    links={p.links}
  />
)

export const ResetRequestedPage = (p: { appName: string; email?: string; links: Link[] }) => (
  <MessagePage
    appName={p.appName}
    title="Check your inbox"
    message="If the email exists, a reset link has been sent."
    detail={
      <p>
        {p.email && (
          <>
            Look in the inbox of <Address email={p.email} />.{' '}
          </>
        )}
        The link expires in 1 hour and works once.
      </p>
    }
    links={p.links}
  />
)

/** After the confirm button. `outcome` absent: opened without having just confirmed. */
export const EmailVerifiedPage = (p: { appName: string; outcome?: 'verified' | 'already' }) =>
  p.outcome ? (
    <MessagePage
      appName={p.appName}
      title="Email confirmed"
      kind="success"
      message={p.outcome === 'already' ? 'Email already verified.' : 'Email verified successfully.'}
      links={[LOG_IN]}
    />
  ) : (
    <MessagePage
      appName={p.appName}
      title="Confirm your email"
      message="Open the link in your verification email and press its button to confirm your address."
      detail={<p>Already confirmed? Log in.</p>}
      links={[LOG_IN]}
    />
  )

export const PasswordResetDonePage = (p: { appName: string; done: boolean }) =>
  p.done ? (
    <MessagePage
      appName={p.appName}
      title="Password changed"
      kind="success"
      message="Password reset successfully. Every other session was signed out."
      links={[{ href: '/login', label: 'Log in with your new password' }]}
    />
  ) : (
    <MessagePage
      appName={p.appName}
      title="Choose a new password"
      message="To set a new password, open the link in your reset email."
      detail={<p>If you just set one, it is in effect: log in with it.</p>}
      links={[LOG_IN, { href: '/request-password-reset', label: 'Ask for a reset link' }]}
    />
  )
