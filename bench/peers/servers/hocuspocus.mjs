// Hocuspocus as its README starts it: a Server with no onAuthenticate hook (any token is accepted), and
// either no extension (documents in memory only) or, given a file, its SQLite extension
// (@hocuspocus/extension-sqlite over the sqlite3 package) with Hocuspocus's default debounce: each
// document's whole state is upserted into that file 2 s after its last change, at most 10 s after its
// first, after the broadcast. Its own listen() passes `address`, which Node's listen ignores, and would
// bind every interface: the bench binds its HTTP server to 127.0.0.1 itself.
// Usage: node servers/hocuspocus.mjs PORT [SQLITE_FILE]
import { Server } from '@hocuspocus/server'
import { SQLite } from '@hocuspocus/extension-sqlite'

const port = Number(process.argv[2] ?? 8091)
const database = process.argv[3]
const extensions = database ? [new SQLite({ database })] : []
const server = new Server({ quiet: true, stopOnSignals: false, extensions })
server.httpServer.listen(port, '127.0.0.1', () =>
  console.log(`hocuspocus listening on 127.0.0.1:${port}${database ? `, documents stored in ${database}` : ''}`))
process.on('SIGTERM', () => process.exit(0))
