// The page frame: doctype, head, a skip link, header with navigation, main content, footer.
import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'

export interface LayoutProps {
  appName: string
  title: string
  /** A form on the page failed: the document title says so first, as screen readers read it on load. */
  hasErrors?: boolean
  signedIn?: boolean
  /** A wider card, for pages that list things (the dev mailbox). */
  wide?: boolean
  children: Child
}

export const Layout = (p: LayoutProps) => (
  <>
    {raw('<!doctype html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${p.hasErrors ? 'Error: ' : ''}${p.title} · ${p.appName}`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href="/">
              <span class="brand-mark" aria-hidden="true"></span>
              {p.appName}
            </a>
            <nav aria-label="Account">
              {p.signedIn ? (
                <>
                  <a href="/account">Account</a>
                  <form method="post" action="/logout" class="inline">
                    <button type="submit" class="button button-link">
                      Log out
                    </button>
                  </form>
                </>
              ) : (
                <>
                  <a href="/login">Log in</a>
                  <a href="/register" class="button button-secondary button-small">
                    Sign up
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
          <p>{p.appName}</p>
        </footer>
      </body>
    </html>
  </>
)
