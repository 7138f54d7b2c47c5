// The account's own pages: change password or email, sessions, delete. Each form POSTs to its URL.
import { Field, Submit } from '../components'
import { Layout, type PageEnv } from '../layout'

const CurrentPassword = (p: PageEnv) => (
  <Field
    t={p.t}
    name="current_password"
    label={p.t.t('field.currentPassword')}
    type="password"
    autocomplete="current-password"
  />
)

export const ChangePasswordPage = (p: PageEnv) => (
  <Layout env={p} title={p.t.t('accountPassword.title')} signedIn>
    <form method="post" action={p.url('/account/password')} novalidate>
      <CurrentPassword {...p} />
      <Field
        t={p.t}
        name="new_password"
        label={p.t.t('field.newPassword')}
        type="password"
        autocomplete="new-password"
      />
      <Field
        t={p.t}
        name="confirm_new_password"
        label={p.t.t('field.confirmNewPassword')}
        type="password"
        autocomplete="new-password"
      />
      <Submit label={p.t.t('accountPassword.submit')} />
    </form>
  </Layout>
)

export const ChangeEmailPage = (p: PageEnv) => (
  <Layout env={p} title={p.t.t('accountEmail.title')} signedIn>
    <p>{p.t.t('accountEmail.intro')}</p>
    <form method="post" action={p.url('/account/email')} novalidate>
      <CurrentPassword {...p} />
      <Field
        t={p.t}
        name="new_email"
        label={p.t.t('field.newEmail')}
        type="email"
        autocomplete="email"
      />
      <Submit label={p.t.t('accountEmail.submit')} />
    </form>
  </Layout>
)

export const DeleteAccountPage = (p: PageEnv) => (
  <Layout env={p} title={p.t.t('accountDelete.title')} signedIn>
    <p>{p.t.t('accountDelete.intro')}</p>
    <form method="post" action={p.url('/account/delete')} novalidate>
      <CurrentPassword {...p} />
      <Submit label={p.t.t('accountDelete.submit')} />
    </form>
  </Layout>
)

export interface SessionRow {
  id: string
  device: string
  ip: string
  lastSeenAt: Date
  current: boolean
}

export const SessionsPage = (p: PageEnv & { sessions: SessionRow[] }) => {
  const { t } = p
  return (
    <Layout env={p} title={t.t('sessions.title')} signedIn>
      <ul class="sessions">
        {p.sessions.map((s) => (
          <li>
            <strong>{s.device}</strong> {s.ip}{' '}
            <time datetime={s.lastSeenAt.toISOString()}>{t.date(s.lastSeenAt)}</time>
            {s.current && <span class="badge badge-ok">{t.t('sessions.current')}</span>}
            <form method="post" action={p.url('/account/sessions/revoke')}>
              <input type="hidden" name="session_id" value={s.id} />
              <Submit label={t.t('sessions.signOut')} variant="secondary" />
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={p.url('/account/sessions/revoke-others')}>
        <Submit label={t.t('sessions.signOutOthers')} />
      </form>
    </Layout>
  )
}
