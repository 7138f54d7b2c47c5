// The development mailbox page: every mail the dev mailer kept, newest first, links clickable.
import type { KeptMail } from '../../src/adapters/dev-mailbox'
import { Layout, type PageEnv } from '../layout'

export const DevMailboxPage = (p: PageEnv & { mails: KeptMail[] }) => {
  const { t } = p
  return (
    <Layout env={p} title={t.t('devMailbox.title')} wide>
      <p class="dev-note">{t.rich('devMailbox.note', { setting: <code>SMTP_HOST</code> })}</p>
      <p class="actions">
        <a class="button button-secondary button-small" href={p.url('/dev/mailbox')}>
          {t.t('devMailbox.refresh')}
        </a>
      </p>
      {p.mails.length === 0 ? (
        <p class="empty">
          {t.rich('devMailbox.empty', {
            link: <a href={p.url('/register')}>{t.t('devMailbox.createAccount')}</a>,
          })}
        </p>
      ) : (
        <ol class="mails" aria-label={t.t('devMailbox.list')}>
          {p.mails.map((mail) => (
            <li class="mail">
              <article aria-labelledby={`mail-${mail.id}`}>
                <h2 id={`mail-${mail.id}`}>{mail.subject}</h2>
                <p class="mail-meta">
                  {t.rich('devMailbox.to', {
                    to: <strong>{mail.to}</strong>,
                    time: <time datetime={mail.sentAt.toISOString()}>{t.date(mail.sentAt)}</time>,
                  })}
                </p>
                {mail.links.length > 0 && (
                  <ul class="mail-links">
                    {mail.links.map((link) => (
                      <li>
                        <a
                          class="button button-primary button-small"
                          href={link}
                          aria-describedby={`mail-${mail.id}`}
                        >
                          {t.t('devMailbox.open', { path: new URL(link).pathname })}
                        </a>
                        <code>{link}</code>
                      </li>
                    ))}
                  </ul>
                )}
                <details>
                  <summary>{t.t('devMailbox.text')}</summary>
                  <pre>{mail.text}</pre>
                </details>
              </article>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  )
}
