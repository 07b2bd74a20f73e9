// Carries UDP between a network namespace of the test's own (e2e/netns.mjs) and the machine's 127.0.0.1, for a
// Chromium in the namespace that must reach the SFU's media port: inside, e2e/netns-udp-inside.mjs listens on the
// namespace's 127.0.0.1 at that port; each datagram crosses a unix socket to this process, which sends it from a
// loopback socket of its own per sender (the SFU tells the namespace's peer connections apart by it) and carries the
// answers back. Nothing is bound outside loopback and nothing is routed between the namespaces; a tc qdisc on the
// namespace's loopback then shapes the Chromium's media.
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const INSIDE = fileURLToPath(new URL("./netns-udp-inside.mjs", import.meta.url));

/** One datagram on the unix socket: the inside sender's port, the length, the bytes. */
export function frame(port, payload) {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(port, 0);
  head.writeUInt16BE(payload.length, 2);
  return Buffer.concat([head, payload]);
}

/** Calls `onDatagram(port, payload)` for each frame read from `stream`. */
export function readFrames(stream, onDatagram) {
  let pending = Buffer.alloc(0);
  stream.on("data", (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readUInt16BE(2)) {
      const length = pending.readUInt16BE(2);
      onDatagram(pending.readUInt16BE(0), pending.subarray(4, 4 + length));
      pending = pending.subarray(4 + length);
    }
  });
}

/** Makes UDP port `port` of the machine's 127.0.0.1 answer on `ns`'s 127.0.0.1 too. Returns { close() }. */
export async function relayUdp(ns, port) {
  const path = join(ns.dir, `udp-${port}.sock`);
  const sockets = new Map();
  const server = createServer((stream) => {
    stream.on("error", () => {});
    readFrames(stream, (from, payload) => {
      let socket = sockets.get(from);
      if (!socket) {
        socket = createSocket("udp4");
        socket.bind(0, "127.0.0.1");
        socket.on("message", (answer) => stream.write(frame(from, answer)));
        sockets.set(from, socket);
      }
      socket.send(payload, port, "127.0.0.1");
    });
  });
  await new Promise((listening, fail) => {
    server.once("error", fail);
    server.listen(path, listening);
  });
  const inside = spawn("ip", ["netns", "exec", ns.name, process.execPath, INSIDE, path, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((ready, fail) => {
    inside.once("exit", (code) => fail(new Error(`the UDP relay into ${ns.name} exited with ${code}`)));
    inside.stdout.once("data", ready);
  });
  return {
    close() {
      inside.kill("SIGKILL");
      server.close();
      for (const socket of sockets.values()) socket.close();
    },
  };
}
