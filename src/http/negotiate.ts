// Content negotiation: one URL, two representations (JSON or an HTML page).

export const isJsonType = (type: string) => /^application\/([a-z0-9.+-]*\+)?json\b/i.test(type)
export const isFormType = (type: string) =>
  /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)

/** HTML for form bodies and for requests whose Accept asks for text/html; JSON otherwise. */
export function wantsHtml(request: Request): boolean {
  const type = request.headers.get('content-type') ?? ''
  if (isJsonType(type)) return false
  if (isFormType(type)) return true
  return (request.headers.get('accept') ?? '').toLowerCase().includes('text/html')
}

export function hasBody(request: Request): boolean {
  const length = request.headers.get('content-length')
  if (length !== null) return length !== '0'
  return request.headers.has('transfer-encoding') || request.body !== null
}
