// drizzle-kit: generates SQL migrations from src/db/schema.ts into this folder.
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
})
