// Debian's Caddy (forward_auth) running the README's site; fails, never skips, without it.
import { proxyCases } from './cases'
import { startCaddy } from './support'

proxyCases('caddy', startCaddy)
