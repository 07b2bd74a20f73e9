// Loopback ports for the servers the tests start (nodes, Cassandra, SFUs, the OpenID provider), picked below the
// kernel's ephemeral range: a port from that range may become the local port of any outgoing connection, or of a
// browser's ICE socket, between the pick and the bind of the process it is meant for.
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

const LOWEST = 10_000;

function ephemeralLow() {
  try {
    return Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

function tcpFree(port) {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(null));
    server.listen(port, "127.0.0.1", () => {
      const bound = server.address().port;
      server.close(() => done(bound));
    });
  });
}

function udpFree(port) {
  return new Promise((done) => {
    const socket = createSocket("udp4");
    socket.once("error", () => done(null));
    socket.bind(port, "127.0.0.1", () => {
      const bound = socket.address().port;
      socket.close(() => done(bound));
    });
  });
}

// One walk per process from a random start: successive picks never repeat a port, and processes rarely meet.
let next;

async function pick(free) {
  const span = ephemeralLow() - LOWEST;
  if (span > 0) {
    next ??= Math.floor(Math.random() * span);
    for (let tried = 0; tried < span; tried++) {
      const port = await free(LOWEST + (next++ % span));
      if (port !== null) return port;
    }
  }
  const port = await free(0);
  if (port === null) throw new Error("no free loopback port");
  return port;
}

/** A TCP port free on 127.0.0.1 now. */
export const freeTcpPort = () => pick(tcpFree);

/** A UDP port free on 127.0.0.1 now. */
export const freeUdpPort = () => pick(udpFree);
