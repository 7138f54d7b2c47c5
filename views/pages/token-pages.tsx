// Pages reached from emailed links: the token travels in a hidden field, and only the POST acts.
import {
  EmailField,
  ErrorSummary,
  type FieldErrors,
  hasFieldErrors,
  NewPasswordFields,
  newPasswordLabels,
  Submit,
} from '../components'
import { Layout, type PageEnv } from '../layout'

export const VerifyConfirmPage = (p: PageEnv & { token: string }) => (
  <Layout env={p} title={p.t.t('verify.title')}>
    <p>{p.t.t('verify.intro')}</p>
    <form method="post" action={p.url('/verify-email')}>
      <input type="hidden" name="token" value={p.token} />
      <Submit label={p.t.t('verify.submit')} />
    </form>
    <p class="alt">{p.t.t('verify.noChange')}</p>
  </Layout>
)

export const ConfirmEmailChangePage = (p: PageEnv & { token: string }) => (
  <Layout env={p} title={p.t.t('emailChange.title')}>
    <p>{p.t.t('emailChange.intro')}</p>
    <form method="post" action={p.url('/confirm-email-change')}>
      <input type="hidden" name="token" value={p.token} />
      <Submit label={p.t.t('emailChange.submit')} />
    </form>
    <p class="alt">{p.t.t('verify.noChange')}</p>
  </Layout>
)

const LinkFailed = (p: { message: string }) => (
  <div class="flash flash-error" role="alert">
    <p class="flash-title">{p.message}</p>
  </div>
)

/** A verification link that is unknown, used up long ago or expired: offer a new one. */
export const VerifyLinkFailedPage = (p: PageEnv) => {
  const { t } = p
  return (
    <Layout env={p} title={t.t('linkFailed.title')}>
      <LinkFailed message={t.t('verifyFailed.message')} />
      <p>{t.t('verifyFailed.intro', { time: t.plural('unit.hours', 24) })}</p>
      <form method="post" action={p.url('/resend-verification')} novalidate>
        <EmailField t={t} />
        <Submit label={t.t('verifyFailed.submit')} />
      </form>
      <p class="alt">
        {t.rich('verifyFailed.already', {
          login: <a href={p.url('/login')}>{t.t('auth.login')}</a>,
        })}
      </p>
    </Layout>
  )
}

export const ResetPasswordPage = (
  p: PageEnv & { token: string; errors?: FieldErrors; message?: string; passwordMinLength: number },
) => {
  const { t } = p
  const labels = newPasswordLabels(t)
  return (
    <Layout
      env={p}
      title={t.t('reset.title')}
      hasErrors={Boolean(p.message) || hasFieldErrors(p.errors)}
    >
      <ErrorSummary t={t} message={p.message} errors={p.errors} labels={labels} />
      <form method="post" action={p.url('/reset-password')} novalidate>
        <input type="hidden" name="token" value={p.token} />
        {/* Neither password is ever sent back, so typing starts again at the first one. */}
        <NewPasswordFields
          t={t}
          minLength={p.passwordMinLength}
          errors={p.errors}
          focus="new_password"
        />
        <Submit label={t.t('reset.submit')} />
      </form>
      <p class="alt">{t.t('reset.signsOut')}</p>
    </Layout>
  )
}

/** A reset link that is unknown, already used or older than an hour. */
export const ResetLinkFailedPage = (p: PageEnv) => {
  const { t } = p
  return (
    <Layout env={p} title={t.t('linkFailed.title')}>
      <LinkFailed message={t.t('resetFailed.message')} />
      <p>{t.t('resetFailed.intro', { time: t.plural('unit.hours', 1) })}</p>
      <p class="actions">
        <a class="button button-primary" href={p.url('/request-password-reset')}>
          {t.t('resetFailed.newLink')}
        </a>
      </p>
    </Layout>
  )
}
