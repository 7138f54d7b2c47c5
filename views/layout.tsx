// The page frame: doctype, head, a skip link, header with navigation, main content, and a footer
// with the language switch.
import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { LANGUAGE_NAMES, LANGUAGES, type Translator } from '../src/i18n/translate'

/** What every page needs from the request: the app's name, the reader's language, its address. */
export interface PageEnv {
  appName: string
  t: Translator
  /** This page's address without `?lang=`: where the language switch comes back to. */
  here: string
  /**
   * The address of one of the app's routes, under APP_URL's path: every href, action and src
   * in views/ names a route through it (`href={p.url('/login')}`), and a test checks they do.
   */
  url: (route: string) => string
}

export interface LayoutProps {
  env: PageEnv
  title: string
  /** A form on the page failed: the document title says so first, as screen readers read it. */
  hasErrors?: boolean
  signedIn?: boolean
  /** A wider card, for pages that list things (the dev mailbox). */
  wide?: boolean
  children: Child
}

export const Layout = (p: LayoutProps) => {
  const { appName, t } = p.env
  const title = p.hasErrors ? t.t('layout.errorTitle', { title: p.title }) : p.title
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={t.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <title>{`${title} · ${appName}`}</title>
          <link rel="stylesheet" href={p.env.url('/assets/app.css')} />
        </head>
        <body>
          <a class="skip-link" href="#main">
            {t.t('layout.skip')}
          </a>
          <header class="site-header">
            <div class="bar">
              <a class="brand" href={p.env.url('/')}>
                <span class="brand-mark" aria-hidden="true"></span>
                {appName}
              </a>
              <nav aria-label={t.t('layout.nav')}>
                {p.signedIn ? (
                  <>
                    <a href={p.env.url('/account')}>{t.t('layout.account')}</a>
                    <form method="post" action={p.env.url('/logout')} class="inline">
                      <button type="submit" class="button button-link">
                        {t.t('layout.logout')}
                      </button>
                    </form>
                  </>
                ) : (
                  <>
                    <a href={p.env.url('/login')}>{t.t('layout.login')}</a>
                    <a href={p.env.url('/register')} class="button button-secondary button-small">
                      {t.t('layout.signup')}
                    </a>
                  </>
                )}
              </nav>
            </div>
          </header>
          <main id="main" tabindex={-1} class={p.wide ? 'card card-wide' : 'card'}>
            <h1>{p.title}</h1>
            {p.children}
          </main>
          <footer class="site-footer">
            <LanguageSwitch env={p.env} />
            <p>{appName}</p>
          </footer>
        </body>
      </html>
    </>
  )
}

/** A plain form (no script): each other language is a button; the current one is plain text. */
const LanguageSwitch = (p: { env: PageEnv }) => (
  <form
    method="post"
    action={p.env.url('/language')}
    class="language-switch"
    aria-labelledby="language-label"
  >
    <input type="hidden" name="next" value={p.env.here} />
    <span id="language-label">{p.env.t.t('layout.language')}</span>
    {LANGUAGES.map((lang) =>
      lang === p.env.t.lang ? (
        <strong lang={lang} aria-current="true">
          {LANGUAGE_NAMES[lang]}
        </strong>
      ) : (
        <button type="submit" name="lang" value={lang} lang={lang} class="button button-link">
          {LANGUAGE_NAMES[lang]}
        </button>
      ),
    )}
  </form>
)
