// The development mailbox page: every mail the dev mailer kept, newest first, links clickable.
import type { KeptMail } from '../../src/adapters/dev-mailbox'
import { Layout } from '../layout'

export const DevMailboxPage = (p: { appName: string; mails: KeptMail[] }) => (
  <Layout appName={p.appName} title="Dev mailbox" wide>
    <p class="dev-note">
      Development only: with no <code>SMTP_HOST</code> set, mails land here instead of being sent.
      This page does not exist in production.
    </p>
    <p class="actions">
      <a class="button button-secondary button-small" href="/dev/mailbox">
        Refresh
      </a>
    </p>
    {p.mails.length === 0 ? (
      <p class="empty">
        No mail yet. <a href="/register">Create an account</a> and its verification email will
        appear here.
      </p>
    ) : (
      <ol class="mails" aria-label="Mails, newest first">
        {p.mails.map((mail) => (
          <li class="mail">
            <article aria-labelledby={`mail-${mail.id}`}>
              <h2 id={`mail-${mail.id}`}>{mail.subject}</h2>
              <p class="mail-meta">
                To <strong>{mail.to}</strong> ·{' '}
                <time datetime={mail.sentAt.toISOString()}>{mail.sentAt.toUTCString()}</time>
              </p>
              {mail.links.length > 0 && (
                <ul class="mail-links">
                  {mail.links.map((link) => (
                    <li>
                      <a
                        class="button button-primary button-small"
                        href={link}
                        aria-describedby={`mail-${mail.id}`}
                      >{`Open ${new URL(link).pathname}`}</a>
                      <code>{link}</code>
                    </li>
                  ))}
                </ul>
              )}
              <details>
                <summary>Plain-text version</summary>
                <pre>{mail.text}</pre>
              </details>
            </article>
          </li>
        ))}
      </ol>
    )}
  </Layout>
)
