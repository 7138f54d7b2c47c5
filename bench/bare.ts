// The ceiling: a bare Hono app on Bun.serve answering a small JSON, served like the real app.
import { Hono } from 'hono'

const app = new Hono().get('/', (c) => c.json({ message: 'Gatehouse API', version: '0.1.0' }))
const server = Bun.serve({
  port: Number(process.env.PORT ?? 0),
  hostname: '127.0.0.1',
  fetch: app.fetch,
})
console.log(`listening ${server.port}`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0))
