// Every route of the contract, once: the OpenAPI document and the typed client are both built from
// this table. Each flow's routes live in a file of their own; the order below is the document's.
import { accountOperations } from './account'
import { authzOperations } from './authz'
import { deleteAccountOperations } from './delete-account'
import { emailChangeOperations } from './email-change'
import { languageOperations } from './language'
import { loginOperations } from './login'
import { logoutOperations } from './logout'
import { probeOperations } from './probes'
import { resetOperations } from './reset'
import { rootOperations } from './root'
import { sessionsOperations } from './sessions'
import { signUpOperations } from './sign-up'
import type { Operation } from './types'
import { verifyOperations } from './verify'

export { EXAMPLE_EMAIL, EXAMPLE_PASSWORD, EXAMPLE_TOKEN } from './shared'
export type { HeaderName, JsonAnswer, Operation, Tag } from './types'

export const operations = {
  ...rootOperations,
  ...signUpOperations,
  ...verifyOperations,
  ...loginOperations,
  ...authzOperations,
  ...logoutOperations,
  ...languageOperations,
  ...resetOperations,
  ...probeOperations,
  ...accountOperations,
  ...emailChangeOperations,
  ...sessionsOperations,
  ...deleteAccountOperations,
} as const satisfies Record<string, Operation>

export type Operations = typeof operations
