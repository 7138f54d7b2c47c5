// The footer's language switch for pages and mails.
import { LanguageInput } from '../../inputs'
import { LanguageResponse } from '../schemas'
import { BODY_ERRORS } from './shared'
import type { Operation } from './types'

export const languageOperations = {
  setLanguage: {
    method: 'post',
    path: '/language',
    operationId: 'setLanguage',
    tag: 'Session',
    summary: 'Choose the language of pages and mails',
    description:
      'The footer switch of every page: sets the `lang` cookie (pages: `?lang=`, then this ' +
      'cookie, then `Accept-Language`, then `en`) and, with a session, the language of the ' +
      "user's later mails. JSON `detail` and `message` strings stay English.",
    auth: ['bearer', 'cookie'],
    body: LanguageInput,
    bodyExample: { lang: 'de', next: '/login' },
    json: [
      {
        status: 200,
        description: 'Changed.',
        schema: LanguageResponse,
        headers: ['Set-Cookie'],
        example: { message: 'Language changed', language: 'de' },
      },
    ],
    page: { status: 303, description: 'Back to `next` (a path of this app), else `/`.' },
    errors: BODY_ERRORS,
  },
} as const satisfies Record<string, Operation>
