// Debian's nginx (auth_request) running the README's server block; fails, never skips, without it.
import { proxyCases } from './cases'
import { startNginx } from './support'

proxyCases('nginx', startNginx)
