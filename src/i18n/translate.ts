// The languages, and a translator per language: text with `{name}` filled in, plurals by
// Intl.PluralRules, dates by Intl.DateTimeFormat; English wherever a catalogue lacks a key.
import type { Child } from 'hono/jsx'
import { de } from './de'
import { en } from './en'
import { fr } from './fr'
import type { Lang } from './languages'

export { DEFAULT_LANGUAGE, isLang, LANGUAGE_NAMES, LANGUAGES, type Lang } from './languages'

export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }
type English = typeof en
export type TextKey = { [K in keyof English]: English[K] extends string ? K : never }[keyof English]
export type PluralKey = Exclude<keyof English, TextKey>
/** What a language's catalogue must define: every key of the English one, in the same shape. */
export type Catalogue = { [K in keyof English]: English[K] extends string ? string : Plural }

const CATALOGUES: Record<Lang, Partial<Catalogue>> = { en, de, fr }

export interface Translator {
  readonly lang: Lang
  t(key: TextKey, vars?: Record<string, string | number>): string
  /** The text split around its placeholders, each replaced by markup (a link, a strong name). */
  rich(key: TextKey, vars: Record<string, Child>): Child[]
  plural(key: PluralKey, count: number): string
  date(value: Date): string
}

const fill = (text: string, vars: Record<string, string | number> = {}) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))

export function createTranslator(lang: Lang, catalogue = CATALOGUES[lang]): Translator {
  const plurals = new Intl.PluralRules(lang)
  const numbers = new Intl.NumberFormat(lang)
  const dates = new Intl.DateTimeFormat(lang, {
    dateStyle: 'long',
    timeStyle: 'long',
    timeZone: 'UTC',
  })
  const text = (key: TextKey) => (catalogue[key] ?? en[key]) as string
  return {
    lang,
    t: (key, vars) => fill(text(key), vars),
    rich(key, vars) {
      return text(key)
        .split(/\{(\w+)\}/)
        .map((part, i) => (i % 2 === 1 ? (part in vars ? vars[part] : `{${part}}`) : part))
        .filter((part) => part !== '')
    },
    plural(key, count) {
      const forms = (catalogue[key] ?? en[key]) as Plural
      const form = forms[plurals.select(count)] ?? forms.other
      return fill(form, { count: numbers.format(count) })
    },
    date: (value) => dates.format(value),
  }
}

const translators = new Map<Lang, Translator>()
/** One translator per language, built on first use (its Intl formatters are not free). */
export function translator(lang: Lang): Translator {
  let found = translators.get(lang)
  if (!found) {
    found = createTranslator(lang)
    translators.set(lang, found)
  }
  return found
}
