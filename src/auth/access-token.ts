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

export function createAccessTokens(options: { secret: string; issuer: string; ttlSeconds: number }): AccessTokens {
  const key = new TextEncoder().encode(options.secret)
  return {
    sign({ userId, sessionId }, now) {
      const iat = Math.floor(now.getTime() / 1000)
      return new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(String(userId))
        .setIssuer(options.issuer)
        .setAudience(options.issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + options.ttlSeconds)
        .sign(key)
    },
    async verify(token, now) {
      try {
        // Pinning HS256 refuses alg=none and algorithm confusion; requiring exp refuses eternal tokens.
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: options.issuer,
          audience: options.issuer,
          requiredClaims: ['exp', 'iat', 'sub', 'sid'],
          currentDate: now,
        })
        const userId = Number(payload.sub)
        if (!Number.isSafeInteger(userId) || typeof payload.sid !== 'string') return null
        return { userId, sessionId: payload.sid }
      } catch {
        return null
      }
    },
  }
}
