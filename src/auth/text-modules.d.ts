// Data files imported as text (`with { type: 'text' }`: native on Bun, raw-imports on Deno,
// wrangler's default Text rule for *.txt).
declare module '*.txt' {
  const text: string
  export default text
}
