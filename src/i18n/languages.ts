// The languages of pages and mails; English is the default and every catalogue's fallback.

export const LANGUAGES = ['en', 'de', 'fr'] as const
export type Lang = (typeof LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Lang = 'en'

/** Each language's own name, as the switch offers it (never translated). */
export const LANGUAGE_NAMES: Record<Lang, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
}

export const isLang = (value: unknown): value is Lang => LANGUAGES.includes(value as Lang)
