// CLI: `bun run redis-http` serves the Upstash REST protocol in front of REDIS_URL.
import { startRedisHttp } from './server'

// Published in earlier versions of this tool as its default: anyone may know it.
const PUBLISHED_TOKENS = new Set(['gatehouse-dev-token'])
const MIN_TOKEN_LENGTH = 16

const env = process.env
const hostname = env.REDIS_HTTP_HOSTNAME || '127.0.0.1'
const port = Number(env.REDIS_HTTP_PORT || 8079)
const token = env.REDIS_HTTP_TOKEN || ''

// No default token: any page or process on this machine could use a well-known one.
if (!token) fail('REDIS_HTTP_TOKEN is required (for example: openssl rand -hex 32)')
if (PUBLISHED_TOKENS.has(token) || token.length < MIN_TOKEN_LENGTH) {
  fail(`REDIS_HTTP_TOKEN must be a secret of at least ${MIN_TOKEN_LENGTH} characters`)
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`REDIS_HTTP_PORT is not a port number: ${env.REDIS_HTTP_PORT}`)
}

const server = await startRedisHttp({
  redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
  token,
  port,
  hostname,
})

console.log(`redis-http listening on ${server.url}`)
console.log(`use: UPSTASH_REDIS_REST_URL=${server.url} UPSTASH_REDIS_REST_TOKEN=<REDIS_HTTP_TOKEN>`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void server.stop().finally(() => process.exit(0))
  })
}

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}
