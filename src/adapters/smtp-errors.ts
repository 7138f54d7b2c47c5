// What a failed SMTP send says in the log: the adapter's own words and the server's reply, never a
// credential.

/**
 * A failure the adapter words itself. Why a class: its message is built from fixed text,
 * the server's name and reply codes, never from a credential, so it is logged exactly as it
 * is, whatever the credentials are (a user name `u` must not turn "refusing" into
 * "ref[redacted]sing").
 */
export class SmtpFailure extends Error {
  override name = 'SmtpFailure'
}

/** Meanings of the AUTH replies (RFC 4954 §6), whose own text is never repeated. */
const AUTH_REPLIES: Record<string, string> = {
  '432': 'a password transition is needed',
  '454': 'temporary authentication failure',
  '500': 'authentication exchange line is too long',
  '501': 'the server could not decode the AUTH exchange',
  '504': 'authentication mechanism not supported',
  '530': 'authentication required',
  '534': 'authentication mechanism is too weak',
  '535': 'authentication credentials invalid',
  '538': 'encryption required for this authentication mechanism',
}

/**
 * An AUTH failure as its reply code and enhanced status code only. Why: the text of a reply
 * to AUTH is where servers echo what they were sent (the base64 of AUTH PLAIN, the user
 * name), so it is dropped instead of being searched for secrets.
 */
export function authFailure(error: unknown): Error {
  const text = error instanceof Error ? error.message : String(error)
  const reply = /:\s*([2-5]\d\d)(?:[ -]([245]\.\d{1,3}\.\d{1,3}))?/.exec(text)
  if (!reply) return error instanceof Error ? error : new Error(text) // a timeout, a hang-up
  const [, code, status] = reply
  const meaning = AUTH_REPLIES[code!] ?? 'the reply text is not logged'
  return new SmtpFailure(
    `authentication failed: ${[code, status].filter(Boolean).join(' ')} (${meaning})`,
  )
}

// Where words end in a server reply: `<user>`, `user=x,`, `"x"`, `x:`.
const DELIMITERS = /([\s<>()[\]{}"'`,;:=]+)/
/** The start of a server reply inside worker-mailer's message ("Invalid RCPT TO: <a@b> 550 …"). */
const REPLY = /(?:^|[\s:.])(?=[245]\d\d(?:[ -]|$))/

/**
 * The error as one bounded line. The adapter's own failures stay as they are. In other
 * errors, the text from the server's reply on (where it could echo the user name after
 * AUTH) has each whole word that is a secret replaced: words, not substrings, so a
 * one-letter or common-word credential costs at most that word of a reply. A secret that
 * spans a delimiter cannot be a word; those of 8 characters or more are replaced wherever
 * they are. The recipient (it has an `@`, so no ordinary word contains it) is replaced
 * everywhere.
 */
export function describeFailure(error: unknown, secrets: string[], recipient?: string): string {
  const text = error instanceof Error ? error.message : String(error)
  let line = text
  if (!(error instanceof SmtpFailure)) {
    const at = text.search(REPLY)
    const words = new Set(secrets.filter(Boolean))
    const split = at < 0 ? text.length : at
    line = text.slice(0, split) + redactWords(text.slice(split), words)
    for (const secret of words)
      if (DELIMITERS.test(secret) && secret.length >= 8)
        line = line.split(secret).join('[redacted]')
  }
  if (recipient) line = line.split(recipient).join('[recipient]')
  return line.replace(/\s+/g, ' ').trim().slice(0, 300)
}

function redactWords(text: string, words: Set<string>): string {
  return text
    .split(DELIMITERS)
    .map((part) => {
      const bare = part.replace(/[.!?]+$/, '') // "… not owned by user u."
      return words.has(part) || words.has(bare) ? `[redacted]${part.slice(bare.length)}` : part
    })
    .join('')
}

/** Everything the server could echo of the credentials: both of them and their AUTH encodings. */
export function credentialForms(username: string | undefined, password = ''): string[] {
  if (!username) return []
  return [
    username,
    password,
    latin1Base64(username),
    latin1Base64(password),
    latin1Base64(`\0${username}\0${password}`),
  ]
}

function latin1Base64(text: string): string {
  try {
    return btoa(text)
  } catch {
    // worker-mailer cannot encode it either (btoa), so it never reaches the wire.
    return ''
  }
}
