// The catalogues: every English key in every language, the same placeholders, plurals by
// Intl.PluralRules, dates by Intl.DateTimeFormat, English for a key a catalogue lacks.
import { describe, expect, test } from 'bun:test'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { de } from '../../src/i18n/de'
import { en } from '../../src/i18n/en'
import { fieldMessage } from '../../src/i18n/field-messages'
import { fr } from '../../src/i18n/fr'
import { createTranslator, translator } from '../../src/i18n/translate'

const OTHERS = { de, fr } as Record<string, Record<string, unknown>>
const placeholders = (value: unknown): string[] => {
  const texts = typeof value === 'string' ? [value] : Object.values(value as object)
  return [
    ...new Set(texts.flatMap((text) => [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))),
  ].sort()
}

describe('catalogues', () => {
  for (const [lang, catalogue] of Object.entries(OTHERS)) {
    test(`${lang} has every English key, non-empty, with the same placeholders and no extra key`, () => {
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort())
      for (const [key, english] of Object.entries(en)) {
        const value = catalogue[key]
        expect({ key, kind: typeof value }).toEqual({ key, kind: typeof english })
        if (typeof value === 'string')
          expect({ key, empty: value.trim() === '' }).toEqual({ key, empty: false })
        expect({ key, placeholders: placeholders(value) }).toEqual({
          key,
          placeholders: placeholders(english),
        })
      }
    })
  }

  test('German addresses the reader formally (Sie), never with du', () => {
    const text = Object.values(de)
      .map((v) => (typeof v === 'string' ? v : Object.values(v).join(' ')))
      .join('\n')
    expect(text).toMatch(/\bSie\b/)
    expect(text).toMatch(/\bIhr(e|en)?\b/)
    expect(text).not.toMatch(/(?<!\p{L})(du|dich|dir|dein|deine|deinen|deiner)(?!\p{L})/iu)
  })

  test('French uses vous, never tu, and a narrow no-break space before : ; ? !', () => {
    const text = Object.values(fr)
      .map((v) => (typeof v === 'string' ? v : Object.values(v).join(' ')))
      .join('\n')
    expect(text).toMatch(/\bvous\b/i)
    expect(text).not.toMatch(/(?<!\p{L})(tu|toi|ton|ta|tes)(?!\p{L})/iu)
    expect(text).not.toMatch(/ [:;?!](\s|$)/)
    expect(fr['auth.forgot']).toBe('Mot de passe oublié\u202f?')
  })

  test('every key is used by a page, a mail or the error mapping (no dead strings)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name)
        return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : []
      })
    const source = [...files('src'), ...files('views')]
      .filter((path) => !/src\/i18n\/(en|de|fr|translate)\.ts$/.test(path))
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n')
    // Built from a status or an error code in src/http/respond.tsx.
    const dynamic = /^(status|code)\./
    const unused = Object.keys(en).filter(
      (key) => !dynamic.test(key) && !source.includes(`'${key}'`),
    )
    expect(unused).toEqual([])
  })
})

describe('translator', () => {
  test('a key a catalogue lacks falls back to English at runtime', () => {
    const partial = createTranslator('de', { 'login.title': 'Anmelden' })
    expect(partial.t('login.title')).toBe('Anmelden')
    expect(partial.t('auth.forgot')).toBe('Forgot your password?')
    expect(partial.plural('unit.hours', 2)).toBe('2 hours')
  })

  test('fills placeholders, keeps unknown ones visible, and splits rich text around markup', () => {
    const t = translator('en')
    expect(t.t('home.welcome', { app: 'Gatehouse' })).toBe('Welcome to Gatehouse')
    expect(t.t('home.welcome')).toBe('Welcome to {app}')
    expect(t.rich('home.signedInAs', { email: 'X' })).toEqual(['You are signed in as ', 'X', '.'])
  })

  test('plurals follow Intl.PluralRules of each language', () => {
    expect(translator('en').plural('unit.hours', 1)).toBe('1 hour')
    expect(translator('en').plural('unit.hours', 24)).toBe('24 hours')
    expect(translator('de').plural('unit.hours', 1)).toBe('1 Stunde')
    expect(translator('de').plural('unit.seconds', 30)).toBe('30 Sekunden')
    // French counts 0 and 1 as singular.
    expect(translator('fr').plural('unit.seconds', 0)).toBe('0\u00a0seconde')
    expect(translator('fr').plural('unit.hours', 24)).toBe('24\u00a0heures')
    expect(translator('de').plural('unit.seconds', 1200)).toBe('1.200 Sekunden')
  })

  test('dates follow Intl.DateTimeFormat of each language, in UTC', () => {
    const date = new Date('2026-12-03T14:05:00Z')
    expect(translator('en').date(date)).toContain('December 3, 2026')
    expect(translator('de').date(date)).toContain('3. Dezember 2026')
    expect(translator('fr').date(date)).toContain('3 décembre 2026')
    expect(translator('en').date(date)).toContain('2:05')
    for (const lang of ['de', 'fr'] as const) expect(translator(lang).date(date)).toContain('14:05')
  })

  test('a 422 message of the API reads in the page language; an unknown one stays as it is', () => {
    const t = translator('de')
    expect(fieldMessage(t, 'Field required')).toBe('Bitte füllen Sie dieses Feld aus.')
    expect(fieldMessage(t, 'Password must be at least 15 characters long')).toBe(
      'Das Passwort muss mindestens 15 Zeichen lang sein.',
    )
    expect(fieldMessage(t, 'Password must not contain the name Gatehouse')).toContain('Gatehouse')
    expect(fieldMessage(t, 'something new')).toBe('something new')
  })
})
