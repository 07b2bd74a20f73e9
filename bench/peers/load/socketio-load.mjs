// Chat load on the Socket.IO rooms server, the counterpart of ChatLoad.java: R rooms x S clients, each
// client posts `rate` messages a second whose text carries its send time (process.hrtime of this one
// process), and every delivery to every client, the sender's own included, is timed against it.
// Clients use the WebSocket transport only, as the server accepts nothing else.
//
// Usage: node load/socketio-load.mjs --url http://127.0.0.1:8093
//          [--rooms R --clients S --rate X --warmup W --duration D --server-pid P]
import { io } from 'socket.io-client'
import { Measurement, joinAll, now, options, ramp } from './measurement.mjs'

const o = options(process.argv.slice(2), {
  url: 'http://127.0.0.1:8093', rooms: 50, clients: 20, rate: 1, warmup: 10, duration: 60, 'server-pid': 0
})
const measurement = new Measurement(o['server-pid'])
const MARK = 'bench:'
const clients = []
const connectors = []
for (let r = 0; r < o.rooms; r++) {
  for (let c = 0; c < o.clients; c++) {
    connectors.push(() => new Promise((resolve, reject) => {
      const socket = io(o.url, {
        transports: ['websocket'], reconnection: false, forceNew: true, query: { room: `bench-${r}` },
        perMessageDeflate: false, timeout: 30000
      })
      clients.push(socket)
      socket.once('connect', resolve)
      socket.once('connect_error', e => { measurement.error(); reject(e) })
      socket.on('disconnect', reason => { if (reason !== 'io client disconnect') measurement.closedByServer() })
      socket.on('chat', text => {
        if (text.startsWith(MARK)) measurement.delivered(BigInt(text.slice(MARK.length)))
      })
    }))
  }
}
const fleet = await joinAll(connectors)
const senders = clients.filter(s => s.connected).map(s => () => s.emit('chat', MARK + now(), () => {}))
const load = ramp(senders, o.rate, o.warmup)
const status = await measurement.run(fleet, `socket.io rooms=${o.rooms} clients/room=${o.clients} rate=${o.rate}/s`,
  o.warmup, o.duration, senders.length * o.rate * o.clients)
load.stop()
clients.forEach(s => s.disconnect())
setTimeout(() => process.exit(status), 500)
