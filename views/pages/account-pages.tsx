// Home and the signed-in account page.
import { Flash, Submit } from '../components'
import { Layout } from '../layout'

export const HomePage = (p: { appName: string; email?: string }) => (
  <Layout
    appName={p.appName}
    title={p.email ? 'Welcome back' : `Welcome to ${p.appName}`}
    signedIn={Boolean(p.email)}
  >
    {p.email ? (
      <>
        <p>
          You are signed in as <strong class="email">{p.email}</strong>.
        </p>
        <p class="actions">
          <a class="button button-primary" href="/account">
            Go to your account
          </a>
        </p>
      </>
    ) : (
      <>
        <p class="lead">Sign up with your email, confirm it, and log in. Nothing else needed.</p>
        <p class="actions">
          <a class="button button-primary" href="/register">
            Create an account
          </a>
          <a class="button button-secondary" href="/login">
            Log in
          </a>
        </p>
      </>
    )}
  </Layout>
)

export const AccountPage = (p: {
  appName: string
  email: string
  isVerified: boolean
  createdAt: Date
}) => (
  <Layout appName={p.appName} title="Your account" signedIn>
    <dl class="facts">
      <dt>Email</dt>
      <dd class="email">{p.email}</dd>
      <dt>Email verified</dt>
      <dd>
        {p.isVerified ? (
          <span class="badge badge-ok">Verified</span>
        ) : (
          <span class="badge badge-warn">Not yet</span>
        )}
      </dd>
      <dt>Signed in since</dt>
      <dd>
        <time datetime={p.createdAt.toISOString()}>{p.createdAt.toUTCString()}</time>
      </dd>
    </dl>
    {!p.isVerified && (
      <>
        <Flash kind="info">Please confirm your email address: open the link we sent you.</Flash>
        <form method="post" action="/resend-verification">
          <input type="hidden" name="email" value={p.email} />
          <Submit label="Resend verification email" variant="secondary" />
        </form>
      </>
    )}
    <form method="post" action="/logout" class="logout">
      <Submit label="Log out" variant="secondary" />
    </form>
    <p class="alt">
      Forgot your password or want a new one?{' '}
      <a href="/request-password-reset">Reset it by email</a>.
    </p>
  </Layout>
)
