// The pages a successful form post redirects to (Post/Redirect/Get). Each reads its one-time
// notice when there is one and still makes sense without it (opened directly, or reloaded).
import type { Translator } from '../../src/i18n/translate'
import type { PageEnv } from '../layout'
import { CodeSection, ResetCodeForm, VerifyCodeForm } from './code-forms'
import { type Link, MessagePage } from './message-page'

const logIn = (p: PageEnv): Link => ({ href: p.url('/login'), label: p.t.t('auth.login') })

/** The dev mailbox first, where this client may open it (`mailbox`), then the way on. */
type CheckInbox = PageEnv & { email?: string; mailbox?: string }
const inboxLinks = (p: CheckInbox, next: Link): Link[] =>
  p.mailbox ? [{ href: p.url(p.mailbox), label: p.t.t('inbox.devMailbox') }, next] : [next]

const LookIn = (p: { t: Translator; email?: string; then: string }) => (
  <p>
    {p.email && (
      <>{p.t.rich('inbox.lookIn', { email: <strong class="email">{p.email}</strong> })} </>
    )}
    {p.then}
  </p>
)

/** After sign-up. `sent`: the mail went out (else it is queued); absent: no notice to show. */
export const RegisterCheckInboxPage = (p: CheckInbox & { sent?: boolean }) => {
  const { t } = p
  const message =
    p.email === undefined
      ? t.t('registered.unknown')
      : p.sent
        ? t.t('registered.sent', { email: p.email })
        : t.t('registered.pending')
  return (
    <MessagePage
      {...p}
      title={t.t('inbox.title')}
      kind={p.email ? 'success' : 'info'}
      message={message}
      detail={
        <>
          <p>{t.t('registered.detail', { time: t.plural('unit.hours', 24) })}</p>
          <VerifyCode {...p} />
        </>
      }
      links={inboxLinks(p, { href: p.url('/login'), label: t.t('inbox.goToLogin') })}
    />
  )
}

/** The code mailed beside the link, for a reader who opened the mail on another device. */
const VerifyCode = (p: CheckInbox) => (
  <CodeSection {...p}>
    <VerifyCodeForm {...p} hideEmail />
  </CodeSection>
)

export const ResendCheckInboxPage = (p: CheckInbox) => (
  <MessagePage
    {...p}
    title={p.t.t('inbox.title')}
    message={p.t.t('resent.message')}
    detail={
      <>
        <LookIn
          t={p.t}
          email={p.email}
          then={p.t.t('resent.detail', { time: p.t.plural('unit.hours', 24) })}
        />
        <VerifyCode {...p} />
      </>
    }
    links={inboxLinks(p, { href: p.url('/login'), label: p.t.t('auth.backToLogin') })}
  />
)

export const ResetRequestedPage = (p: CheckInbox & { passwordMinLength: number }) => (
  <MessagePage
    {...p}
    title={p.t.t('inbox.title')}
    message={p.t.t('resetRequested.message')}
    detail={
      <>
        <LookIn
          t={p.t}
          email={p.email}
          then={p.t.t('resetRequested.detail', { time: p.t.plural('unit.hours', 1) })}
        />
        <CodeSection {...p}>
          <ResetCodeForm {...p} hideEmail />
        </CodeSection>
      </>
    }
    links={inboxLinks(p, { href: p.url('/login'), label: p.t.t('auth.backToLogin') })}
  />
)

/** After the confirm button. `outcome` absent: opened without having just confirmed. */
export const EmailVerifiedPage = (p: PageEnv & { outcome?: 'verified' | 'already' }) => {
  const { t } = p
  return p.outcome ? (
    <MessagePage
      {...p}
      title={t.t('verified.title')}
      kind="success"
      message={t.t(p.outcome === 'already' ? 'verified.already' : 'verified.done')}
      links={[logIn(p)]}
    />
  ) : (
    <MessagePage
      {...p}
      title={t.t('verified.pendingTitle')}
      message={t.t('verified.pending')}
      detail={<p>{t.t('verified.alreadyHint')}</p>}
      links={[logIn(p)]}
    />
  )
}

export const PasswordResetDonePage = (p: PageEnv & { done: boolean }) => {
  const { t } = p
  return p.done ? (
    <MessagePage
      {...p}
      title={t.t('resetDone.title')}
      kind="success"
      message={t.t('resetDone.done')}
      links={[{ href: p.url('/login'), label: t.t('resetDone.login') }]}
    />
  ) : (
    <MessagePage
      {...p}
      title={t.t('resetDone.pendingTitle')}
      message={t.t('resetDone.pending')}
      detail={<p>{t.t('resetDone.pendingHint')}</p>}
      links={[
        logIn(p),
        { href: p.url('/request-password-reset'), label: t.t('resetDone.askLink') },
      ]}
    />
  )
}

/** After the confirm button of an email change: the address that now logs in. */
export const EmailChangedPage = (p: PageEnv & { email?: string }) => {
  const { t } = p
  const account = { href: p.url('/account'), label: t.t('emailChanged.account') }
  return p.email ? (
    <MessagePage
      {...p}
      title={t.t('emailChanged.title')}
      kind="success"
      message={t.t('notice.emailChanged', { email: p.email })}
      links={[logIn(p), account]}
    />
  ) : (
    <MessagePage
      {...p}
      title={t.t('emailChange.title')}
      message={t.t('emailChanged.pending')}
      links={[logIn(p), account]}
    />
  )
}
