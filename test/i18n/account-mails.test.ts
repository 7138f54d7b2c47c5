// The self-service mails take every sentence from the catalogue of the row's language.
import { describe, expect, test } from 'bun:test'
import { translator } from '../../src/i18n/translate'
import {
  accountDeletedMail,
  confirmEmailChangeMail,
  emailChangedMail,
  emailChangeNoticeMail,
} from '../../views/emails/account-mails'

const appName = 'Gatehouse'
const all = (lang: 'en' | 'de' | 'fr') => {
  const t = translator(lang)
  return Promise.all([
    confirmEmailChangeMail({
      t,
      appName,
      link: 'https://x/c?token=T',
      code: 'ABCD-2345',
      lifetimeHours: 24,
      oldEmail: 'a@x.io',
    }),
    emailChangeNoticeMail({ t, appName, newEmail: 'b@x.io', resetUrl: 'https://x/r' }),
    emailChangedMail({ t, appName, newEmail: 'b@x.io' }),
    accountDeletedMail({ t, appName }),
  ])
}

describe('account mails', () => {
  test('German: German subjects, lang="de", plural lifetime, no placeholder left', async () => {
    const [confirm, notice, changed, deleted] = await all('de')
    expect(confirm.subject).toBe('Bestätigen Sie Ihre neue E-Mail-Adresse')
    expect(confirm.text).toContain('24 Stunden')
    expect(notice.text).toContain('b@x.io')
    expect(notice.html).toContain('href="https://x/r"')
    expect(changed.subject).toBe('Ihre E-Mail-Adresse wurde geändert')
    expect(deleted.subject).toBe('Ihr Konto wurde gelöscht')
    for (const mail of [confirm, notice, changed, deleted]) {
      expect(mail.html).toContain('<html lang="de">')
      expect(`${mail.html}${mail.text}`).not.toMatch(/\{\w+\}/)
    }
  })

  test('English and French differ from German and from each other', async () => {
    const [en, fr] = await Promise.all([all('en'), all('fr')])
    expect(en[3].subject).toBe('Your account was deleted')
    expect(fr[3].subject).toBe('Votre compte a été supprimé')
    expect(fr[0].html).toContain('<html lang="fr">')
  })
})
