// A tiny SMTP sink for the bench: greets at once (smtp-server waits 100 ms to catch early
// talkers), accepts every message in clear text, counts it and throws it away.
import net from 'node:net'

let received = 0
const server = net.createServer((socket) => {
  socket.setNoDelay(true)
  let buffer = ''
  let inData = false
  socket.on('error', () => {})
  socket.write('220 bench-sink ESMTP\r\n')
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1')
    for (;;) {
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n')
        if (end === -1) return
        buffer = buffer.slice(end + 5)
        inData = false
        received++
        socket.write('250 OK: queued\r\n')
        continue
      }
      const eol = buffer.indexOf('\r\n')
      if (eol === -1) return
      const line = buffer.slice(0, eol)
      buffer = buffer.slice(eol + 2)
      const verb = line.slice(0, 4).toUpperCase()
      if (verb === 'EHLO')
        socket.write('250-bench-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n')
      else if (verb === 'DATA') {
        inData = true
        socket.write('354 End data with <CR><LF>.<CR><LF>\r\n')
        // The message may start in this very chunk: go round again.
        buffer = `\r\n${buffer}`
      } else if (verb === 'QUIT') socket.end('221 Bye\r\n')
      else socket.write('250 OK\r\n')
    }
  })
})

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`)
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.log(`received ${received}`)
    process.exit(0)
  })
}
