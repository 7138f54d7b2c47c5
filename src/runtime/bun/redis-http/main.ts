// CLI: `bun run redis-http` serves the Upstash REST protocol in front of REDIS_URL.
import { startRedisHttp } from './server'

const DEV_TOKEN = 'gatehouse-dev-token'
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

const env = process.env
const hostname = env.REDIS_HTTP_HOSTNAME || '127.0.0.1'
const port = Number(env.REDIS_HTTP_PORT || 8079)
const token = env.REDIS_HTTP_TOKEN || ''

// The well-known dev token is only acceptable when nothing outside this machine can connect.
if (!token && !LOOPBACK.has(hostname)) {
  console.error(`REDIS_HTTP_TOKEN is required when listening on ${hostname}`)
  process.exit(1)
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`REDIS_HTTP_PORT is not a port number: ${env.REDIS_HTTP_PORT}`)
  process.exit(1)
}

const server = await startRedisHttp({
  redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
  token: token || DEV_TOKEN,
  port,
  hostname,
})

console.log(`redis-http listening on ${server.url}`)
console.log(
  token
    ? 'token: the value of REDIS_HTTP_TOKEN'
    : `token: ${DEV_TOKEN} (development default; set REDIS_HTTP_TOKEN to choose one)`,
)
console.log(`use: UPSTASH_REDIS_REST_URL=${server.url} UPSTASH_REDIS_REST_TOKEN=<token>`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void server.stop().finally(() => process.exit(0))
  })
}
