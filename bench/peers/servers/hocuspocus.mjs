// Hocuspocus as its README starts it: a Server with no extension, so no persistence (no
// @hocuspocus/extension-database) and no onAuthenticate hook (any token is accepted). Its own
// listen() passes `address`, which Node's listen ignores, and would bind every interface: the bench
// binds its HTTP server to 127.0.0.1 itself. Usage: node servers/hocuspocus.mjs PORT
import { Server } from '@hocuspocus/server'

const port = Number(process.argv[2] ?? 8091)
const server = new Server({ quiet: true, stopOnSignals: false })
server.httpServer.listen(port, '127.0.0.1', () => console.log(`hocuspocus listening on 127.0.0.1:${port}`))
process.on('SIGTERM', () => process.exit(0))
