// Home and the signed-in account page.
import { Flash, Submit } from '../components'
import { Layout, type PageEnv } from '../layout'
import { CodeSection, EmailChangeCodeForm } from './code-forms'

export const HomePage = (p: PageEnv & { email?: string; deleted?: boolean }) => {
  const { t } = p
  return (
    <Layout
      env={p}
      title={p.email ? t.t('home.welcomeBack') : t.t('home.welcome', { app: p.appName })}
      signedIn={Boolean(p.email)}
    >
      {p.deleted && <Flash kind="success">{t.t('notice.accountDeleted')}</Flash>}
      {p.email ? (
        <>
          <p>{t.rich('home.signedInAs', { email: <strong class="email">{p.email}</strong> })}</p>
          <p class="actions">
            <a class="button button-primary" href={p.url('/account')}>
              {t.t('home.goToAccount')}
            </a>
          </p>
        </>
      ) : (
        <>
          <p class="lead">{t.t('home.lead')}</p>
          <p class="actions">
            <a class="button button-primary" href={p.url('/register')}>
              {t.t('home.createAccount')}
            </a>
            <a class="button button-secondary" href={p.url('/login')}>
              {t.t('home.login')}
            </a>
          </p>
        </>
      )}
    </Layout>
  )
}

export const AccountPage = (
  p: PageEnv & {
    email: string
    isVerified: boolean
    createdAt: Date
    /** A change waiting for its confirmation: the mailed code can confirm it here. */
    pendingEmail?: string | null
    notice?: 'password_changed' | 'email_change_requested'
  },
) => {
  const { t } = p
  return (
    <Layout env={p} title={t.t('account.title')} signedIn>
      {p.notice && (
        <Flash kind="success">
          {t.t(
            p.notice === 'password_changed'
              ? 'notice.passwordChanged'
              : 'notice.emailChangeRequested',
          )}
        </Flash>
      )}
      <dl class="facts">
        <dt>{t.t('account.email')}</dt>
        <dd class="email">{p.email}</dd>
        {p.pendingEmail && (
          <>
            <dt>{t.t('account.pendingEmail')}</dt>
            <dd>
              <span class="email">{p.pendingEmail}</span>
              <p class="account-pending">{t.t('account.pendingEmailHint')}</p>
            </dd>
          </>
        )}
        <dt>{t.t('account.verified')}</dt>
        <dd>
          {p.isVerified ? (
            <span class="badge badge-ok">{t.t('account.verifiedYes')}</span>
          ) : (
            <span class="badge badge-warn">{t.t('account.verifiedNo')}</span>
          )}
        </dd>
        <dt>{t.t('account.signedInSince')}</dt>
        <dd>
          <time datetime={p.createdAt.toISOString()}>{t.date(p.createdAt)}</time>
        </dd>
      </dl>
      {p.pendingEmail && (
        <CodeSection {...p} intro={t.t('codeForm.emailChangeIntro', { email: p.pendingEmail })}>
          <EmailChangeCodeForm {...p} />
        </CodeSection>
      )}
      {!p.isVerified && (
        <>
          <Flash kind="info">{t.t('account.confirmPlease')}</Flash>
          <form method="post" action={p.url('/resend-verification')}>
            <input type="hidden" name="email" value={p.email} />
            <Submit label={t.t('account.resend')} variant="secondary" />
          </form>
        </>
      )}
      <ul class="account-links">
        <li>
          <a href={p.url('/account/password')}>{t.t('accountPassword.title')}</a>
        </li>
        <li>
          <a href={p.url('/account/email')}>{t.t('accountEmail.title')}</a>
        </li>
        <li>
          <a href={p.url('/account/sessions')}>{t.t('sessions.title')}</a>
        </li>
        <li>
          <a href={p.url('/account/delete')}>{t.t('accountDelete.title')}</a>
        </li>
      </ul>
      <form method="post" action={p.url('/logout')} class="logout">
        <Submit label={t.t('account.logout')} variant="secondary" />
      </form>
      <p class="alt">
        {t.rich('account.resetHint', {
          link: <a href={p.url('/request-password-reset')}>{t.t('account.resetLink')}</a>,
        })}
      </p>
    </Layout>
  )
}
