// The page frame: head, header with navigation, main content, footer.
import type { Child } from 'hono/jsx'

export interface LayoutProps {
  appName: string
  title: string
  signedIn?: boolean
  children: Child
}

export const Layout = (p: LayoutProps) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light dark" />
      <title>{`${p.title} · ${p.appName}`}</title>
      <link rel="stylesheet" href="/assets/app.css" />
    </head>
    <body>
      <header class="site-header">
        <a class="brand" href="/">{p.appName}</a>
        <nav aria-label="Account">
          {p.signedIn ? (
            <form method="post" action="/logout" class="inline">
              <a href="/account">Account</a>
              <button type="submit" class="button button-link">Log out</button>
            </form>
          ) : (
            <>
              <a href="/login">Log in</a>
              <a href="/register" class="button button-secondary">Sign up</a>
            </>
          )}
        </nav>
      </header>
      <main id="main" class="card">
        <h1>{p.title}</h1>
        {p.children}
      </main>
      <footer class="site-footer">
        <p>{p.appName}</p>
      </footer>
    </body>
  </html>
)
