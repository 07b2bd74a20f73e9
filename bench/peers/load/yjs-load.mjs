// Whiteboard-like load on a Yjs server (Hocuspocus or y-websocket), the counterpart of
// WhiteboardLoad.java: R classes, each a Yjs document whose Y.Map "shapes" holds one record per shape;
// in each class the first `teachers` clients draw `rate` updates a second each (a 24-point pen stroke
// record, then a move of it: the record set again with another y, as record-per-key stores such as
// tldraw's do), the others watch.
//
// Timing as in WhiteboardLoad: the teacher notes the send time of each update (process.hrtime of this
// one process) under the update's first item id (client:clock, which Yjs keeps when the server
// re-broadcasts it), and every delivery to every client, the teacher's own echo included, is timed
// against it. Watchers decode each message only as far as that id and keep no replica, as the Java
// watchers parse each frame and keep none.
//
// Usage: node load/yjs-load.mjs --protocol hocuspocus|y-websocket --url ws://127.0.0.1:8091
//          [--rooms R --clients S --teachers T --rate X --warmup W --duration D --server-pid P]
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { Measurement, joinAll, now, options, ramp } from './measurement.mjs'

const o = options(process.argv.slice(2), {
  protocol: 'hocuspocus', url: 'ws://127.0.0.1:8091', rooms: 1, clients: 31, teachers: 1, rate: 60,
  warmup: 20, duration: 60, 'server-pid': 0
})
const measurement = new Measurement(o['server-pid'])
const hocuspocus = o.protocol === 'hocuspocus'
const POINTS_PER_STROKE = 24
/** y-protocols message types; Hocuspocus uses the same numbers behind the document name. */
const SYNC = 0; const STEP1 = 0; const STEP2 = 1; const UPDATE = 2
const AUTH = 2; const AUTH_TOKEN = 0
/** Send time of each update by its first item id (client * 2^21 + clock: exact below 2^53). */
const sent = new Map()
const idKey = (client, clock) => client * 2097152 + clock

/** The first item id of a v1 update: its first struct group's client and first clock. */
function firstItem (update) {
  const d = decoding.createDecoder(update)
  if (decoding.readVarUint(d) === 0) return -1
  decoding.readVarUint(d) // structs in the group
  const client = decoding.readVarUint(d)
  return idKey(client, decoding.readVarUint(d))
}

/** One client on its own WebSocket; `doc` only for teachers, who author updates. */
class YClient {
  constructor (room, doc) {
    this.room = room
    this.doc = doc
    this.synced = null
  }

  /** Opens the socket and resolves once the server's state (sync step 2) has arrived. */
  connect () {
    return new Promise((resolve, reject) => {
      this.synced = { resolve, reject }
      const url = hocuspocus ? o.url : `${o.url}/${this.room}`
      this.ws = new WebSocket(url, { perMessageDeflate: false })
      this.ws.binaryType = 'nodebuffer'
      this.ws.on('open', () => {
        if (hocuspocus) this.send(e => { encoding.writeVarUint(e, AUTH); encoding.writeVarUint(e, AUTH_TOKEN); encoding.writeVarString(e, '') })
        this.send(e => {
          encoding.writeVarUint(e, SYNC); encoding.writeVarUint(e, STEP1)
          encoding.writeVarUint8Array(e, Y.encodeStateVector(this.doc ?? emptyDoc))
        })
      })
      this.ws.on('message', data => this.receive(data))
      this.ws.on('error', e => { measurement.error(); reject(e) })
      this.ws.on('close', () => { if (!this.closing) measurement.closedByServer() })
    })
  }

  send (write) {
    const e = encoding.createEncoder()
    if (hocuspocus) encoding.writeVarString(e, this.room)
    write(e)
    this.ws.send(encoding.toUint8Array(e))
  }

  receive (data) {
    const d = decoding.createDecoder(data)
    if (hocuspocus) decoding.readVarString(d)
    const type = decoding.readVarUint(d)
    if (type !== SYNC) return // awareness, auth answers and Hocuspocus's sync-status acks
    const step = decoding.readVarUint(d)
    if (step === STEP1) {
      // The server asks for what this client has: a watcher has nothing, a teacher its own doc.
      decoding.readVarUint8Array(d)
      const state = this.doc ? Y.encodeStateAsUpdate(this.doc) : emptyUpdate
      this.send(e => { encoding.writeVarUint(e, SYNC); encoding.writeVarUint(e, STEP2); encoding.writeVarUint8Array(e, state) })
    } else if (step === STEP2) {
      const state = decoding.readVarUint8Array(d)
      if (this.doc) Y.applyUpdate(this.doc, state, 'server')
      this.synced?.resolve()
      this.synced = null
    } else if (step === UPDATE) {
      const at = sent.get(firstItem(decoding.readVarUint8Array(d)))
      if (at !== undefined) measurement.delivered(at)
    }
  }

  close () {
    this.closing = true
    this.ws?.close(1000)
  }
}

const emptyDoc = new Y.Doc()
const emptyUpdate = Y.encodeStateAsUpdate(emptyDoc)

/** One teacher's pen: a stroke record, then the same record moved, alternately. */
function drawer (client, row) {
  const shapes = client.doc.getMap('shapes')
  let step = 0
  let last = null
  client.doc.on('update', (update, origin) => {
    if (origin === 'server') return
    sent.set(firstItem(update), now())
    client.send(e => { encoding.writeVarUint(e, SYNC); encoding.writeVarUint(e, UPDATE); encoding.writeVarUint8Array(e, update) })
  })
  return () => {
    if (step++ % 2 === 0) {
      const points = []
      for (let i = 0; i < POINTS_PER_STROKE; i++) points.push(i === 0 ? 0 : 12, i % 2 === 0 ? 5 : -5)
      last = { id: `${client.doc.clientID}-${step}`, kind: 'pen', x: (step * 37) % 10000, y: row * 100, points, strokeColor: '#1e1e1e', strokeWidth: 30, opacity: 100, zIndex: 'a0' }
    } else {
      last = { ...last, y: row * 100 + 40 }
    }
    shapes.set(last.id, last)
  }
}

const rooms = []
const connectors = []
for (let r = 0; r < o.rooms; r++) {
  const name = `bench-${process.pid}-${r}`
  const members = []
  for (let c = 0; c < o.clients; c++) {
    const client = new YClient(name, c < o.teachers ? new Y.Doc() : null)
    members.push(client)
    connectors.push(() => client.connect())
  }
  rooms.push(members)
}
const fleet = await joinAll(connectors)
const senders = []
rooms.forEach((members, r) => members.slice(0, o.teachers).forEach(t => { if (t.synced === null) senders.push(drawer(t, r)) }))
const load = ramp(senders, o.rate, o.warmup)
const offered = senders.length * o.rate * o.clients
const status = await measurement.run(fleet,
  `${o.protocol} rooms=${o.rooms} clients/room=${o.clients} (${o.teachers} teacher(s) drawing) ops/s=${o.rate}`,
  o.warmup, o.duration, offered)
load.stop()
rooms.flat().forEach(c => c.close())
setTimeout(() => process.exit(status), 500)
