// The app's only stylesheet: readable, responsive, light and dark. Served at /assets/app.css.
// Colours are checked for WCAG AA contrast (text 4.5:1, input borders and focus rings 3:1) in both
// schemes.
export const STYLESHEET = `
:root {
  color-scheme: light dark;
  --bg: #f3f4f7; --fg: #1b1f24; --muted: #545d68; --card: #ffffff; --line: #d8dde3;
  --field: #ffffff; --field-line: #7d8590;
  --accent: #0b57d0; --accent-hover: #0842a0; --accent-fg: #ffffff;
  --error: #b3261e; --error-bg: #fdecea; --ok: #17692e; --ok-bg: #e6f4ea; --info: #1b3f7a;
  --info-bg: #e8f0fc;
  --warn: #7a4b00; --warn-bg: #fff3d6;
  --radius: 12px; --shadow: 0 1px 2px rgb(16 24 40 / 6%), 0 4px 16px rgb(16 24 40 / 6%);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
  font-size: 100%; line-height: 1.55; -webkit-text-size-adjust: 100%; text-size-adjust: 100%;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0e1014; --fg: #e7e9ec; --muted: #a3acb7; --card: #171a20; --line: #2c323a;
    --field: #0e1014; --field-line: #7a8490;
    --accent: #8ab4f8; --accent-hover: #aecbfa; --accent-fg: #0b1220;
    --error: #f4b9b4; --error-bg: #3a1916; --ok: #86e0a7; --ok-bg: #10271a; --info: #b9d3fb;
    --info-bg: #15233b;
    --warn: #f5cf7a; --warn-bg: #33270b;
    --shadow: none;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { background: var(--bg); }
body {
  margin: 0;
  background: var(--bg);
  color: var(--fg);
  min-height: 100vh;
  display: flex;
  flex-direction: column;
}
a { color: var(--accent); text-underline-offset: .15em; }
a:hover { color: var(--accent-hover); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; border-radius: 4px; }
main:focus { outline: none; }
.visually-hidden {
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
  border: 0;
}
.skip-link {
  position: absolute;
  left: .75rem;
  top: -3rem;
  z-index: 10;
  padding: .5rem .9rem;
  background: var(--card);
  color: var(--accent);
  border: 2px solid var(--accent);
  border-radius: 6px;
  font-weight: 600;
}
.skip-link:focus { top: .75rem; }

/* Frame */
.site-header { border-bottom: 1px solid var(--line); background: var(--card); }
.site-header .bar {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: .5rem 1rem;
  max-width: 60rem;
  margin: 0 auto;
  padding: .75rem 1.25rem;
}
.site-header nav { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.1rem; }
.site-header nav a:not(.button) { font-weight: 500; text-decoration: none; }
.site-header nav a:not(.button):hover { text-decoration: underline; }
.site-header form.inline { display: inline; margin: 0; }
.brand {
  display: inline-flex;
  align-items: center;
  gap: .55rem;
  font-weight: 700;
  font-size: 1.15rem;
  letter-spacing: -.01em;
  text-decoration: none;
  color: var(--fg);
}
.brand:hover { color: var(--fg); }
.brand-mark {
  width: 1.35rem;
  height: 1.35rem;
  border-radius: 6px 6px 3px 3px;
  background: linear-gradient(90deg, var(--accent) 0 30%, transparent 30% 70%, var(--accent) 70%);
  border-top: .3rem solid var(--accent);
}
.card {
  background: var(--card);
  border: 1px solid var(--line);
  border-radius: var(--radius);
  box-shadow: var(--shadow);
  padding: 2rem 2.25rem;
  width: calc(100% - 2rem);
  max-width: 30rem;
  margin: 2.5rem auto;
}
.card-wide { max-width: 52rem; }
.site-footer {
  margin-top: auto;
  text-align: center;
  color: var(--muted);
  font-size: .875rem;
  padding: 1.25rem 1rem 1.5rem;
}
.site-footer p { margin: 0; }
.language-switch {
  display: flex;
  flex-wrap: wrap;
  justify-content: center;
  align-items: baseline;
  gap: .25rem .75rem;
  margin: 0 0 .5rem;
}
.language-switch .button-link { font-size: inherit; }

/* Text */
h1 { font-size: 1.6rem; line-height: 1.2; letter-spacing: -.015em; margin: 0 0 1.25rem; }
h2 { font-size: 1.1rem; line-height: 1.3; margin: 0 0 .35rem; }
p { margin: 0 0 1rem; }
.lead { font-size: 1.075rem; }
.alt { margin: 1.5rem 0 0; color: var(--muted); font-size: .95rem; }
code, pre {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: .875em;
}
code {
  overflow-wrap: anywhere;
  background: var(--bg);
  border: 1px solid var(--line);
  border-radius: 4px;
  padding: .05rem .3rem;
}
pre {
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  background: var(--bg);
  border: 1px solid var(--line);
  border-radius: 8px;
  padding: .75rem 1rem;
  margin: .5rem 0 0;
}
.email { overflow-wrap: anywhere; }

/* Forms */
form { margin: 0; }
form + form { margin-top: 1rem; }
.field { margin-bottom: 1.15rem; }
label { display: block; font-weight: 600; margin-bottom: .3rem; }
.hint { margin: 0 0 .4rem; color: var(--muted); font-size: .9rem; }
.error { margin: 0 0 .4rem; color: var(--error); font-size: .9rem; font-weight: 600; }
input[type=email], input[type=password], input[type=text] {
  display: block; width: 100%; min-height: 2.75rem; padding: .6rem .75rem;
  font: inherit; font-size: 1rem; color: var(--fg);
  background: var(--field); border: 1px solid var(--field-line); border-radius: 8px;
}
input:focus-visible { outline-offset: 1px; border-color: var(--accent); }
.field-invalid input { border: 2px solid var(--error); }

/* Buttons */
.button {
  display: inline-flex; align-items: center; justify-content: center; min-height: 2.75rem;
  font: inherit; font-weight: 600; line-height: 1.2; padding: .6rem 1.15rem; border-radius: 8px;
  border: 1px solid transparent; cursor: pointer; text-decoration: none; text-align: center;
}
.button-primary { background: var(--accent); color: var(--accent-fg); width: 100%; }
.button-primary:hover { background: var(--accent-hover); color: var(--accent-fg); }
.button-secondary {
  background: transparent;
  color: var(--accent);
  border-color: var(--field-line);
}
.button-secondary:hover { background: var(--bg); }
.button-small { min-height: 2.25rem; padding: .35rem .85rem; }
.button-link {
  min-height: 0;
  background: none;
  border: none;
  padding: 0;
  color: var(--accent);
  font-weight: 500;
  text-decoration: underline;
  text-underline-offset: .15em;
}
.button-link:hover { color: var(--accent-hover); }
.actions { display: flex; gap: .75rem; flex-wrap: wrap; margin: 1.25rem 0 0; }
.actions .button-primary { width: auto; }
.logout { margin-top: 1.5rem; }

/* Messages */
.flash {
  padding: .8rem 1rem;
  border-radius: 8px;
  margin: 0 0 1.25rem;
  background: var(--info-bg);
  color: var(--info);
  border-left: 4px solid currentColor;
}
.flash p { margin: 0; }
.flash-title { font-weight: 600; }
.flash-error { background: var(--error-bg); color: var(--error); }
.flash-success { background: var(--ok-bg); color: var(--ok); }
.flash a { color: inherit; }
.error-list { margin: .4rem 0 0; padding-left: 1.2rem; }
.detail p:last-child { margin-bottom: 0; }
.wait strong { font-variant-numeric: tabular-nums; }
.status-code { color: var(--muted); font-size: .875rem; margin: 1.25rem 0 0; }
.request-id code { font-size: .85em; }

/* Account */
.facts {
  display: grid;
  grid-template-columns: max-content 1fr;
  gap: .5rem 1.25rem;
  margin: 0 0 1.5rem;
}
.facts dt { color: var(--muted); }
.facts dd { margin: 0; min-width: 0; }
.badge {
  display: inline-block;
  font-size: .85rem;
  font-weight: 600;
  padding: .1rem .55rem;
  border-radius: 999px;
}
.badge-ok { background: var(--ok-bg); color: var(--ok); }
.badge-warn { background: var(--warn-bg); color: var(--warn); }
.sessions { list-style: none; margin: 0 0 1.5rem; padding: 0; display: grid; gap: 1rem; }
.session { border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.25rem; }
.session-device { margin: 0 0 .5rem; }
.session-facts { margin-bottom: .75rem; }
.account-pending { color: var(--muted); font-size: .95rem; }
details.resend { margin-top: 1.5rem; border-top: 1px solid var(--line); padding-top: 1rem; }
details.resend summary { cursor: pointer; color: var(--muted); }
details.resend[open] summary { margin-bottom: .9rem; }

/* Dev mailbox */
.dev-note {
  background: var(--warn-bg);
  color: var(--warn);
  border-radius: 8px;
  padding: .7rem 1rem;
  font-size: .95rem;
}
.dev-note code { background: transparent; border-color: currentColor; }
.mails { list-style: none; margin: 1.5rem 0 0; padding: 0; display: grid; gap: 1rem; }
.mail { border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.25rem; }
.mail-meta { color: var(--muted); font-size: .9rem; margin-bottom: .6rem; }
.mail-links { list-style: none; margin: 0 0 .75rem; padding: 0; display: grid; gap: .6rem; }
.mail-links li { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem .75rem; }
.mail-links .button-primary { width: auto; }
.mail-links code { font-size: .8rem; color: var(--muted); }
.mail summary { cursor: pointer; color: var(--muted); font-size: .9rem; }
.empty { color: var(--muted); }

@media (max-width: 34rem) {
  .card { margin: 1rem auto 1.5rem; padding: 1.35rem 1.15rem; border-radius: 10px; }
  .site-header .bar { padding: .6rem 1rem; }
  .site-header nav { gap: .8rem; }
  h1 { font-size: 1.4rem; }
  .facts { grid-template-columns: 1fr; gap: .1rem; }
  .facts dd { margin-bottom: .6rem; }
  .actions .button { flex: 1 1 auto; }
}
@media (prefers-reduced-motion: no-preference) {
  .button, a { transition: background-color .15s, color .15s;
  };
}
@media print {
  .site-header, .site-footer, .actions, form { display: none;
  } .card { border: 0;
  box-shadow: none;
  };
}
`
