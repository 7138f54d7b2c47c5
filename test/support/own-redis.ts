// A redis-server of the test's own on a free port, which the test may stop and start again
// (the shared one on 6379 is never stopped). Data is kept in its directory across a restart.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface OwnRedis {
  url: string
  port: number
  stop(): Promise<void>
  /** The same port and data directory again. */
  restart(): Promise<OwnRedis>
}

export async function startOwnRedis(options: { password?: string } = {}): Promise<OwnRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'gh-own-redis-'))
  created.push(dir)
  return launch(dir, await freePort(), options.password)
}

async function launch(dir: string, port: number, password?: string): Promise<OwnRedis> {
  const child = Bun.spawn(
    [
      'redis-server',
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      ...(password ? ['--requirepass', password] : []),
    ],
    { stdout: 'ignore', stderr: 'ignore' },
  )
  await waitUntilServing(port, child)
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    child.kill('SIGTERM')
    await child.exited
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop()
      return launch(dir, port, password)
    },
  }
}

async function waitUntilServing(port: number, child: { exitCode: number | null }) {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`)
    const answered = await new Promise<boolean>((resolve) => {
      const socket = Bun.connect({
        hostname: '127.0.0.1',
        port,
        socket: {
          open: (s) => void s.write('PING\r\n'),
          data: (s, data) => {
            // Without the password Redis answers NOAUTH: it is serving all the same.
            resolve(/^(\+PONG|-NOAUTH)/.test(String(data)))
            s.end()
          },
          error: () => resolve(false),
          connectError: () => resolve(false),
          close: () => resolve(false),
        },
      })
      socket.catch(() => resolve(false))
    })
    if (answered) return
    await Bun.sleep(50)
  }
  throw new Error(`redis-server did not start on port ${port}`)
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

const created: string[] = []
// Best effort: the data directories of the servers this process started.
process.on('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true })
})
