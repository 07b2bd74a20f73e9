// What the Java generator's Measurement, Ramp and ServerProbe do, for the Node load clients of the
// peers, so that both sides report the same figures measured the same way: delivery latency from a
// send time of this one process (process.hrtime), counted only inside the measured window after the
// warm-up; deliveries/s, errors, server-side closes; the server's CPU and RSS read from /proc.
import { readFileSync } from 'node:fs'
import * as hdr from 'hdr-histogram-js'

/** --name value arguments with defaults, as Options.java reads them. */
export function options (argv, defaults) {
  const out = { ...defaults }
  for (let i = 0; i + 1 < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) throw new Error(`expected --name value, got ${argv[i]}`)
    const name = argv[i].slice(2)
    out[name] = typeof defaults[name] === 'number' ? Number(argv[i + 1]) : argv[i + 1]
  }
  return out
}

export const now = () => process.hrtime.bigint()
const micros = (nanos) => Number(nanos / 1000n)

/** CPU seconds (user + system) and RSS of a process of this machine, read from /proc like ServerProbe. */
export class ServerProbe {
  constructor (pid) { this.pid = pid }
  present () { return this.pid > 0 }
  cpuSeconds () {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  }

  rssBytes () {
    const line = readFileSync(`/proc/${this.pid}/status`, 'utf8').split('\n').find(l => l.startsWith('VmRSS:'))
    return Number(line.replace(/\D+/g, '')) * 1024
  }
}

/** Joins at most `atOnce` clients at a time, as Fleet does (64), and records each join time. */
export async function joinAll (connectors, atOnce = 64) {
  const joins = hdr.build({ numberOfSignificantValueDigits: 3, useWebAssembly: false })
  const started = now()
  let connected = 0
  let next = 0
  async function worker () {
    while (next < connectors.length) {
      const connect = connectors[next++]
      const t0 = now()
      try {
        await connect()
        joins.recordValue(micros(now() - t0))
        connected++
      } catch (e) {
        console.error('join failed:', e.message)
      }
    }
  }
  await Promise.all(Array.from({ length: atOnce }, worker))
  return { joins, connected, total: connectors.length, seconds: Number(now() - started) / 1e9 }
}

/**
 * Senders that start one after another over the first half of the warm-up, each at a random phase of
 * its period, as Ramp.java does. Timers of Node fire late when the process is busy; a sender that
 * falls behind catches up (like scheduleAtFixedRate), so the offered rate holds on average.
 */
export function ramp (senders, ratePerSecond, warmupSeconds) {
  const periodMs = 1000 / ratePerSecond
  const rampMs = warmupSeconds * 1000 / 2
  const timers = []
  const t0 = performance.now()
  senders.forEach((send, i) => {
    let due = t0 + rampMs * i / senders.length + Math.random() * periodMs
    const tick = () => {
      const at = performance.now()
      while (due <= at) { send(); due += periodMs }
      timers[i] = setTimeout(tick, due - performance.now())
    }
    timers[i] = setTimeout(tick, due - t0)
  })
  return { stop: () => timers.forEach(clearTimeout) }
}

export class Measurement {
  constructor (serverPid) {
    this.server = new ServerProbe(serverPid)
    this.latency = hdr.build({ numberOfSignificantValueDigits: 3, useWebAssembly: false })
    this.deliveries = 0
    this.errors = 0
    this.closed = 0
    this.measuring = false
  }

  /** One delivery of something sent at `sentNanos` (process.hrtime.bigint of this process). */
  delivered (sentNanos) {
    if (!this.measuring) return
    const us = micros(now() - sentNanos)
    this.latency.recordValue(us > 0 ? us : 0)
    this.deliveries++
  }

  error () { this.errors++ }
  closedByServer () { this.closed++ }

  /** Sleeps through the warm-up, measures for `duration` seconds, prints the report and the result line. */
  async run (fleet, describe, warmup, duration, offeredPerSecond) {
    const sleep = s => new Promise(resolve => setTimeout(resolve, s * 1000))
    const rssIdle = this.server.present() ? this.server.rssBytes() : 0
    await sleep(warmup)
    const cpuBefore = this.server.present() ? this.server.cpuSeconds() : 0
    const selfBefore = process.cpuUsage()
    this.latency.reset()
    const start = now()
    this.measuring = true
    await sleep(duration)
    this.measuring = false
    const seconds = Number(now() - start) / 1e9
    const cpu = this.server.present() ? (this.server.cpuSeconds() - cpuBefore) / seconds : 0
    const self = process.cpuUsage(selfBefore)
    const selfCpu = (self.user + self.system) / 1e6 / seconds
    const rssLoaded = this.server.present() ? this.server.rssBytes() : 0
    const lat = this.latency
    const ms = p => lat.getValueAtPercentile(p) / 1e3
    const j = fleet.joins
    console.log()
    console.log(`options: ${describe} warmup=${warmup}s duration=${duration}s`)
    console.log(`connected: ${fleet.connected} of ${fleet.total} in ${fleet.seconds.toFixed(1)} s; join p50 ${(j.getValueAtPercentile(50) / 1e3).toFixed(1)} ms, p99 ${(j.getValueAtPercentile(99) / 1e3).toFixed(1)} ms, max ${(j.maxValue / 1e3).toFixed(1)} ms`)
    console.log(`delivery latency: p50 ${ms(50).toFixed(2)} ms, p95 ${ms(95).toFixed(2)} ms, p99 ${ms(99).toFixed(2)} ms, max ${(lat.maxValue / 1e3).toFixed(2)} ms (${lat.totalCount} samples)`)
    console.log(`deliveries: ${(this.deliveries / seconds).toFixed(0)}/s (offered ${offeredPerSecond.toFixed(0)}/s); errors: ${this.errors}; connections closed by the server: ${this.closed}`)
    console.log(`load generator: ${(selfCpu * 100).toFixed(0)}% of one core`)
    if (this.server.present()) {
      console.log(`server: ${(cpu * 100).toFixed(0)}% of one core; RSS idle ${rssIdle >> 20} MiB, loaded ${rssLoaded >> 20} MiB`)
    }
    // One line for bench/compare to put in its table; the same keys as the Java generator's.
    console.log(`result: connected=${fleet.connected}/${fleet.total} deliveries_per_s=${(this.deliveries / seconds).toFixed(0)}` +
      ` offered_per_s=${offeredPerSecond.toFixed(0)} p50_ms=${ms(50).toFixed(2)} p95_ms=${ms(95).toFixed(2)}` +
      ` p99_ms=${ms(99).toFixed(2)} max_ms=${(lat.maxValue / 1e3).toFixed(2)} errors=${this.errors} closed=${this.closed}` +
      ` server_cpu_pct=${(cpu * 100).toFixed(0)} rss_mib=${rssLoaded >> 20} load_cpu_pct=${(selfCpu * 100).toFixed(0)}`)
    return this.errors === 0 ? 0 : 1
  }
}
