// Swagger UI's files are imported as text (`with { type: 'text' }` on Bun; a wrangler `Text` module
// rule on Workers).
declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const text: string
  export default text
}
declare module 'swagger-ui-dist/swagger-ui.css' {
  const text: string
  export default text
}
