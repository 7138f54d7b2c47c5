// The account's later changes, each from the flow that makes it on the real app, arrive as a
// webhook the receiver verifies with `standardwebhooks`: a changed password, a changed email
// (with old_email), "sign out everywhere else" (user.sessions_revoked), a deactivation and a
// reactivation (the use-cases `users deactivate` and `users reactivate` run), a deleted account.
// Sign-up, verification and reset are in webhooks.test.ts; `users revoke-sessions` is in
// test/cli/cli.test.ts, which runs the command line against the shared Postgres and Redis.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { deactivateUser, reactivateUser } from '../../src/auth/deactivate-user'
import { EVENT_TYPES } from '../../src/events/events'
import { createTestApp, type TestApp, uniqueEmail } from '../support/app'
import {
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/webhooks'

const NEW_PASSWORD = 'another long passphrase 2026'
const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/

let receiver: WebhookReceiver
let t: TestApp

beforeAll(async () => {
  receiver = await startWebhookReceiver()
  t = await createTestApp({ env: { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: receiver.secret } })
})
afterAll(async () => {
  await t.close()
  await receiver.stop()
})

/** The webhook of that type for that user: signed (it verified), in the contract's shape. */
async function arrived(type: string, userId: number, data: Record<string, unknown>) {
  await t.deps.settled()
  const hook = await receiver.waitFor(
    (w) => w.event?.type === type && w.event.data.user_id === userId,
  )
  expect(hook.id).toMatch(/^msg_[0-9a-f]{32}$/)
  expect(hook.signature).toMatch(/^v1,/)
  expect(hook.contentType).toBe('application/json')
  expect(hook.status).toBe(204)
  expect(hook.event).toEqual({ type, timestamp: expect.stringMatching(ISO_SECONDS), data })
  return hook
}

const typesOf = (hooks: ReceivedWebhook[]) => hooks.map((w) => w.event!.type)

async function signedUp() {
  const user = await t.signUp(uniqueEmail('account-hook'))
  const bearer = { authorization: `Bearer ${user.accessToken}` }
  return { ...user, bearer }
}

describe('account changes announce themselves', () => {
  test('a changed password: user.password_changed', async () => {
    const user = await signedUp()
    const res = await t.json(
      'POST',
      '/account/password',
      { current_password: user.password, new_password: NEW_PASSWORD },
      { headers: user.bearer },
    )
    expect(res.status).toBe(200)
    await arrived('user.password_changed', user.userId, {
      user_id: user.userId,
      email: user.email,
    })
  })

  test('a wrong current password changes nothing and announces nothing', async () => {
    const user = await signedUp()
    const res = await t.json(
      'POST',
      '/account/password',
      { current_password: 'not the password at all', new_password: NEW_PASSWORD },
      { headers: user.bearer },
    )
    expect(res.status).toBe(400)
    await t.deps.settled()
    expect(typesOf(receiver.forUser(user.userId))).toEqual(['user.created', 'user.verified'])
  })

  test('a changed email, once confirmed: user.email_changed with old_email', async () => {
    const user = await signedUp()
    const newEmail = uniqueEmail('account-hook-new')
    const asked = await t.json(
      'POST',
      '/account/email',
      { current_password: user.password, new_email: newEmail },
      { headers: user.bearer },
    )
    expect(asked.status).toBe(202)
    await t.deps.settled()
    // Asking is no change yet.
    expect(typesOf(receiver.forUser(user.userId))).not.toContain('user.email_changed')
    const { token } = await t.mail(newEmail, 'Confirm your new email address')
    expect((await t.json('POST', '/confirm-email-change', { token })).status).toBe(200)
    await arrived('user.email_changed', user.userId, {
      user_id: user.userId,
      email: newEmail,
      old_email: user.email,
    })
  })

  test('"sign out everywhere else": user.sessions_revoked, and nothing when none was left', async () => {
    const user = await signedUp()
    const alone = await t.json(
      'POST',
      '/account/sessions/revoke-others',
      {},
      { headers: user.bearer },
    )
    expect(alone).toMatchObject({ status: 200, body: { sessions_revoked: 0 } })
    await t.deps.settled()
    expect(typesOf(receiver.forUser(user.userId))).toEqual(['user.created', 'user.verified'])
    const other = await t.json('POST', '/login', { email: user.email, password: user.password })
    expect(other.status).toBe(200)
    const res = await t.json(
      'POST',
      '/account/sessions/revoke-others',
      {},
      { headers: user.bearer },
    )
    expect(res).toMatchObject({ status: 200, body: { sessions_revoked: 1 } })
    await arrived('user.sessions_revoked', user.userId, { user_id: user.userId, email: user.email })
  })

  test('deactivated, then reactivated: user.deactivated, user.reactivated', async () => {
    const user = await signedUp()
    expect(await deactivateUser(t.deps, user.userId)).toMatchObject({ ok: true })
    await arrived('user.deactivated', user.userId, { user_id: user.userId, email: user.email })
    expect(await reactivateUser(t.deps, user.userId)).toMatchObject({ ok: true })
    await arrived('user.reactivated', user.userId, { user_id: user.userId, email: user.email })
  })

  test('a deleted account: user.deleted, after which nothing more', async () => {
    const user = await signedUp()
    const res = await t.json(
      'POST',
      '/account/delete',
      { current_password: user.password },
      { headers: user.bearer },
    )
    expect(res.status).toBe(200)
    await arrived('user.deleted', user.userId, { user_id: user.userId, email: user.email })
    expect(typesOf(receiver.forUser(user.userId))).toEqual([
      'user.created',
      'user.verified',
      'user.deleted',
    ])
  })

  test('one life from sign-up to deletion announces every type of the web and use-cases', async () => {
    const user = await signedUp()
    const changed = await t.json(
      'POST',
      '/account/password',
      { current_password: user.password, new_password: NEW_PASSWORD },
      { headers: user.bearer },
    )
    expect(changed.status).toBe(200)
    await t.json('POST', '/request-password-reset', { email: user.email })
    const reset = await t.mail(user.email, 'Reset your password')
    const resetAnswer = await t.json('POST', '/reset-password', {
      token: reset.token,
      new_password: user.password,
    })
    expect(resetAnswer.status).toBe(200)
    const login = await t.json('POST', '/login', { email: user.email, password: user.password })
    const bearer = { authorization: `Bearer ${login.body.access_token}` }
    const newEmail = uniqueEmail('account-hook-life')
    await t.json(
      'POST',
      '/account/email',
      { current_password: user.password, new_email: newEmail },
      { headers: bearer },
    )
    const { token } = await t.mail(newEmail, 'Confirm your new email address')
    expect((await t.json('POST', '/confirm-email-change', { token })).status).toBe(200)
    const second = await t.json('POST', '/login', { email: newEmail, password: user.password })
    expect(second.status).toBe(200)
    const others = await t.json('POST', '/account/sessions/revoke-others', {}, { headers: bearer })
    expect(others).toMatchObject({ status: 200, body: { sessions_revoked: 1 } })
    await deactivateUser(t.deps, user.userId)
    await reactivateUser(t.deps, user.userId)
    const relogin = await t.json('POST', '/login', { email: newEmail, password: user.password })
    expect(relogin.status).toBe(200)
    const deleted = await t.json(
      'POST',
      '/account/delete',
      { current_password: user.password },
      { headers: { authorization: `Bearer ${relogin.body.access_token}` } },
    )
    expect(deleted.status).toBe(200)
    await arrived('user.deleted', user.userId, { user_id: user.userId, email: newEmail })
    const expected = [
      'user.created',
      'user.verified',
      'user.password_changed',
      'user.password_reset',
      'user.email_changed',
      'user.sessions_revoked',
      'user.deactivated',
      'user.reactivated',
      'user.deleted',
    ]
    expect(typesOf(receiver.forUser(user.userId))).toEqual(expected)
    // Every type of the contract.
    expect(EVENT_TYPES.filter((type) => !expected.includes(type))).toEqual([])
    // Each delivery its own message: a receiver de-duplicating by webhook-id drops none.
    const ids = receiver.forUser(user.userId).map((w) => w.id)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
