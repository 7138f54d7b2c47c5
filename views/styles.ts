// The app's only stylesheet: readable, responsive, light and dark. Served at /assets/app.css.
export const STYLESHEET = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --fg: #1b1f24; --muted: #57606a; --card: #ffffff; --line: #d0d7de;
  --accent: #0b57d0; --accent-fg: #ffffff; --error: #b3261e; --error-bg: #fdecea;
  --ok: #1a7f37; --ok-bg: #e6f4ea; --info-bg: #eaf1fb; --radius: 10px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1115; --fg: #e6e8eb; --muted: #a0a8b3; --card: #171a21; --line: #30363d;
    --accent: #8ab4f8; --accent-fg: #0b1220; --error: #f2b8b5; --error-bg: #3b1a18;
    --ok: #7ee2a8; --ok-bg: #11281b; --info-bg: #14213a;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--accent); }
.site-header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding: 1rem 1.5rem; max-width: 44rem; width: 100%; margin: 0 auto; }
.site-header nav, .site-header form.inline { display: flex; align-items: center; gap: 1rem; }
.brand { font-weight: 700; font-size: 1.15rem; text-decoration: none; color: var(--fg); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 2rem; max-width: 28rem; width: calc(100% - 2rem); margin: 1rem auto 2rem; }
h1 { font-size: 1.5rem; margin: 0 0 1.25rem; line-height: 1.25; }
.field { margin-bottom: 1.1rem; }
label { display: block; font-weight: 600; margin-bottom: .3rem; }
input[type=email], input[type=password], input[type=text] { width: 100%; padding: .65rem .75rem; font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; }
input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.field-invalid input { border-color: var(--error); }
.hint { margin: 0 0 .35rem; color: var(--muted); font-size: .9rem; }
.error { margin: .35rem 0 0; color: var(--error); font-size: .9rem; font-weight: 600; }
.button { display: inline-block; font: inherit; font-weight: 600; padding: .65rem 1.1rem; border-radius: 6px; border: 1px solid transparent; cursor: pointer; text-decoration: none; }
.button-primary { background: var(--accent); color: var(--accent-fg); width: 100%; }
.actions .button-primary { width: auto; }
.button-secondary { background: transparent; color: var(--accent); border-color: var(--line); }
.button-link { background: none; border: none; padding: 0; color: var(--accent); text-decoration: underline; }
.flash { padding: .75rem 1rem; border-radius: 6px; margin-bottom: 1.25rem; background: var(--info-bg); }
.flash-error { background: var(--error-bg); color: var(--error); }
.flash-success { background: var(--ok-bg); color: var(--ok); }
.alt { margin-top: 1.25rem; color: var(--muted); }
.actions { display: flex; gap: .75rem; flex-wrap: wrap; }
.links { padding-left: 1.2rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; margin: 0 0 1.5rem; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; overflow-wrap: anywhere; }
details.resend { margin-top: 1.5rem; border-top: 1px solid var(--line); padding-top: 1rem; }
details.resend summary { cursor: pointer; color: var(--muted); margin-bottom: .75rem; }
form + form { margin-top: 1rem; }
code { overflow-wrap: anywhere; }
.site-footer { margin-top: auto; text-align: center; color: var(--muted); font-size: .85rem; padding: 1rem; }
@media (max-width: 30rem) { .card { padding: 1.25rem; } .site-header { padding: .75rem 1rem; } }
`
