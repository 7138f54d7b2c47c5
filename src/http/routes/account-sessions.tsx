// The account's sessions: list them, end one, end all but this one.
import { type Context, Hono } from 'hono'
import { SessionsPage } from '../../../views/pages/account-forms'
import { listSessions, revokeOtherSessions, revokeSession } from '../../auth/sessions'
import type { AppEnv, Authenticated } from '../../deps'
import { API_MESSAGES } from '../api-messages'
import { pathTo } from '../app-path'
import { clearSessionCookie } from '../cookies'
import { setFlash, takeFlash } from '../flash'
import { SessionIdInput } from '../inputs'
import { pageEnv } from '../page-env'
import { invalid, readInput } from '../read-input'
import { iso, refuse, signedIn } from './signed-in'

export const accountSessionRoutes = new Hono<AppEnv>()
  .get(
    '/account/sessions',
    signedIn(async (c, auth) => {
      if (c.get('html')) {
        const flash = await takeFlash(c, ['session_revoked', 'sessions_revoked'])
        const notice = flash?.notice as 'session_revoked' | 'sessions_revoked' | undefined
        return c.html(await sessionsPage(c, auth, { notice }))
      }
      const sessions = await listSessions(c.get('deps'), auth)
      return c.json({
        sessions: sessions.map((s) => ({
          id: s.id,
          created_at: iso(s.createdAt),
          last_seen_at: iso(s.lastSeenAt),
          ip: s.ip,
          user_agent: s.userAgent,
          device: s.device,
          current: s.current,
        })),
      })
    }),
  )
  .post(
    '/account/sessions/revoke',
    signedIn(async (c, auth) => {
      const input = await readInput(c, SessionIdInput)
      const result = input.ok
        ? await revokeSession(c.get('deps'), auth, input.value.session_id)
        : invalid(input)
      if (!result.ok)
        return refuse(c, result, (state) =>
          sessionsPage(c, auth, { message: state.message ?? c.get('t').t(`code.${result.code}`) }),
        )
      // Ending the current session is a log-out: the cookie goes with it.
      if (result.current) clearSessionCookie(c)
      if (c.get('html') && result.current) return c.redirect(pathTo(c, '/'), 303)
      if (c.get('html')) {
        await setFlash(c, { notice: 'session_revoked' })
        return c.redirect(pathTo(c, '/account/sessions'), 303)
      }
      return c.json({ message: API_MESSAGES.sessionRevoked })
    }),
  )
  .post(
    '/account/sessions/revoke-others',
    signedIn(async (c, auth) => {
      const result = await revokeOtherSessions(c.get('deps'), auth)
      if (c.get('html')) {
        await setFlash(c, { notice: 'sessions_revoked' })
        return c.redirect(pathTo(c, '/account/sessions'), 303)
      }
      return c.json({
        message: API_MESSAGES.otherSessionsRevoked,
        sessions_revoked: result.sessionsRevoked,
      })
    }),
  )

async function sessionsPage(
  c: Context<AppEnv>,
  auth: Authenticated,
  extra: { notice?: 'session_revoked' | 'sessions_revoked'; message?: string },
) {
  const sessions = await listSessions(c.get('deps'), auth)
  return <SessionsPage {...pageEnv(c)} {...extra} sessions={sessions} />
}
