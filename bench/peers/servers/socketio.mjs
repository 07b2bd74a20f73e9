// Socket.IO chat rooms, the way its chat example is written: a client names its room when it
// connects, every message is broadcast to the room (sender included, as Ardoise does) and
// acknowledged to its sender (Ardoise acks every chat message). WebSocket transport only (Ardoise
// has no long-polling), no compression (Ardoise has none), no persistence, no auth.
// Usage: node servers/socketio.mjs PORT
import { createServer } from 'node:http'
import { Server } from 'socket.io'

const port = Number(process.argv[2] ?? 8093)
const http = createServer()
const io = new Server(http, { transports: ['websocket'], serveClient: false, perMessageDeflate: false })
io.on('connection', socket => {
  const room = String(socket.handshake.query.room)
  socket.join(room)
  socket.on('chat', (text, ack) => {
    io.to(room).emit('chat', text)
    if (typeof ack === 'function') ack()
  })
})
http.listen(port, '127.0.0.1', () => console.log(`socket.io listening on 127.0.0.1:${port}`))
process.on('SIGTERM', () => process.exit(0))
