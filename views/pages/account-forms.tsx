// The account's own pages: change password or email, sessions, delete. Each form POSTs to its URL;
// a refused one comes back with its errors inline and the typed address kept (never a password).
import type { Child } from 'hono/jsx'
import type { Translator } from '../../src/i18n/translate'
import {
  EmailField,
  ErrorSummary,
  Field,
  type FieldErrors,
  Flash,
  focusTarget,
  hasFieldErrors,
  NewPasswordFields,
  newPasswordLabels,
  Submit,
} from '../components'
import { Layout, type PageEnv } from '../layout'

/** What a refused form post brings back to its page. */
export type FormState = { errors?: FieldErrors; message?: string }

const failed = (p: FormState) => Boolean(p.message) || hasFieldErrors(p.errors)

const CurrentPassword = (p: { t: Translator; errors?: FieldErrors; autofocus: boolean }) => (
  <Field
    t={p.t}
    name="current_password"
    label={p.t.t('field.currentPassword')}
    type="password"
    autocomplete="current-password"
    error={p.errors?.current_password}
    autofocus={p.autofocus}
  />
)

/** The frame of the account's forms: errors at the top, an intro, the form and its button. */
const AccountForm = (p: {
  env: PageEnv & FormState
  title: string
  intro?: string
  labels: Record<string, string>
  /** Built with p.url, as every action in views/ is. */
  action: string
  submit: string
  children: Child
}) => (
  <Layout env={p.env} title={p.title} signedIn hasErrors={failed(p.env)}>
    <ErrorSummary t={p.env.t} message={p.env.message} errors={p.env.errors} labels={p.labels} />
    {p.intro && <p>{p.intro}</p>}
    <form method="post" action={p.action} novalidate>
      {p.children}
      <Submit label={p.submit} />
    </form>
  </Layout>
)

export const ChangePasswordPage = (p: PageEnv & FormState & { passwordMinLength: number }) => {
  const { t } = p
  const labels = { current_password: t.t('field.currentPassword'), ...newPasswordLabels(t) }
  const focus = focusTarget(Object.keys(labels), p.errors)
  return (
    <AccountForm
      env={p}
      title={t.t('accountPassword.title')}
      labels={labels}
      action={p.url('/account/password')}
      submit={t.t('accountPassword.submit')}
    >
      <CurrentPassword t={t} errors={p.errors} autofocus={focus === 'current_password'} />
      <NewPasswordFields t={t} minLength={p.passwordMinLength} errors={p.errors} focus={focus} />
    </AccountForm>
  )
}

export const ChangeEmailPage = (p: PageEnv & FormState & { newEmail?: string }) => {
  const { t } = p
  const labels = {
    current_password: t.t('field.currentPassword'),
    new_email: t.t('field.newEmail'),
  }
  const focus = focusTarget(Object.keys(labels), p.errors)
  return (
    <AccountForm
      env={p}
      title={t.t('accountEmail.title')}
      intro={t.t('accountEmail.intro')}
      labels={labels}
      action={p.url('/account/email')}
      submit={t.t('accountEmail.submit')}
    >
      <CurrentPassword t={t} errors={p.errors} autofocus={focus === 'current_password'} />
      <EmailField
        t={t}
        name="new_email"
        label={labels.new_email}
        value={p.newEmail}
        error={p.errors?.new_email}
        autofocus={focus === 'new_email'}
      />
    </AccountForm>
  )
}

export const DeleteAccountPage = (p: PageEnv & FormState) => {
  const { t } = p
  return (
    <AccountForm
      env={p}
      title={t.t('accountDelete.title')}
      intro={t.t('accountDelete.intro')}
      labels={{ current_password: t.t('field.currentPassword') }}
      action={p.url('/account/delete')}
      submit={t.t('accountDelete.submit')}
    >
      <CurrentPassword t={t} errors={p.errors} autofocus />
    </AccountForm>
  )
}

export interface SessionRow {
  id: string
  device: string
  ip: string
  createdAt: Date
  lastSeenAt: Date
  current: boolean
}

const When = (p: { t: Translator; at: Date }) => (
  <time datetime={p.at.toISOString()}>{p.t.date(p.at)}</time>
)

export const SessionsPage = (
  p: PageEnv & {
    sessions: SessionRow[]
    notice?: 'session_revoked' | 'sessions_revoked'
    message?: string
  },
) => {
  const { t } = p
  const others = p.sessions.some((s) => !s.current)
  return (
    <Layout env={p} title={t.t('sessions.title')} signedIn hasErrors={Boolean(p.message)}>
      {p.notice && (
        <Flash kind="success">
          {t.t(p.notice === 'session_revoked' ? 'notice.sessionRevoked' : 'notice.sessionsRevoked')}
        </Flash>
      )}
      {p.message && <ErrorSummary t={t} message={p.message} labels={{}} />}
      <ul class="sessions">
        {p.sessions.map((s) => (
          <li class="session">
            <p class="session-device">
              <strong>{s.device}</strong>{' '}
              {s.current && <span class="badge badge-ok">{t.t('sessions.current')}</span>}
            </p>
            <dl class="facts session-facts">
              <dt>{t.t('sessions.place')}</dt>
              <dd>{s.ip || '–'}</dd>
              <dt>{t.t('sessions.created')}</dt>
              <dd>
                <When t={t} at={s.createdAt} />
              </dd>
              <dt>{t.t('sessions.lastSeen')}</dt>
              <dd>
                <When t={t} at={s.lastSeenAt} />
              </dd>
            </dl>
            <form method="post" action={p.url('/account/sessions/revoke')}>
              <input type="hidden" name="session_id" value={s.id} />
              {/* Several buttons read "Sign out": a screen reader also hears which session. */}
              <button type="submit" class="button button-secondary">
                {t.t('sessions.signOut')}
                <span class="visually-hidden">{` (${s.device}, ${t.date(s.createdAt)})`}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      {others ? (
        <form method="post" action={p.url('/account/sessions/revoke-others')}>
          <Submit label={t.t('sessions.signOutOthers')} />
        </form>
      ) : (
        <p class="empty">{t.t('sessions.none')}</p>
      )}
    </Layout>
  )
}
