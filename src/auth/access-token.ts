// Access tokens: JWT HS256 with jose; verification pins the algorithm, issuer, audience and expiry.
import { jwtVerify, SignJWT } from 'jose'

export interface AccessTokenClaims {
  userId: number
  sessionId: string
}

export interface AccessTokens {
  sign(claims: AccessTokenClaims, now: Date): Promise<string>
  /** null for any token we did not issue, or that is expired or malformed. */
  verify(token: string, now: Date): Promise<AccessTokenClaims | null>
}

/** How many verified tokens are remembered (a few hundred bytes each). */
const VERIFIED_TOKENS = 4096

export function createAccessTokens(options: {
  secret: string
  issuer: string
  ttlSeconds: number
}): AccessTokens {
  const secret = new TextEncoder().encode(options.secret)
  // Imported once: given raw bytes, jose imports the key again on every sign and verify.
  let imported: Promise<CryptoKey> | undefined
  const key = () =>
    (imported ??= crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]))
  // A client sends the same token until it expires, so a token that verified once is
  // remembered by its exact text: only bytes whose signature was checked can match, and
  // expiry is still checked on every use. Revocation is the session store's job, as before.
  const verified = new Map<string, AccessTokenClaims & { exp: number }>()
  return {
    async sign({ userId, sessionId }, now) {
      const iat = Math.floor(now.getTime() / 1000)
      return new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(String(userId))
        .setIssuer(options.issuer)
        .setAudience(options.issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + options.ttlSeconds)
        .sign(await key())
    },
    async verify(token, now) {
      const known = verified.get(token)
      // jose's rule: expired when exp <= now, in whole seconds.
      if (known && known.exp > Math.floor(now.getTime() / 1000))
        return { userId: known.userId, sessionId: known.sessionId }
      try {
        // Pinning HS256 refuses alg=none and algorithm confusion; requiring exp refuses eternal
        // tokens.
        const { payload } = await jwtVerify(token, await key(), {
          algorithms: ['HS256'],
          issuer: options.issuer,
          audience: options.issuer,
          requiredClaims: ['exp', 'iat', 'sub', 'sid'],
          currentDate: now,
        })
        const userId = Number(payload.sub)
        if (!Number.isSafeInteger(userId) || typeof payload.sid !== 'string') return null
        if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!)
        verified.set(token, { userId, sessionId: payload.sid, exp: payload.exp! })
        return { userId, sessionId: payload.sid }
      } catch {
        return null
      }
    },
  }
}
