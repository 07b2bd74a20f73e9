// Starts the real SFU (media/sfu/bin/ardoise-sfu, built here if bin/test has not) on free loopback
// ports, with its metrics on so the tests can see what reached it. stop() and start() again keep
// the ports: the server's bridge finds the SFU back where it was.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, openSync } from "node:fs";
import { createSocket } from "node:dgram";
import { join } from "node:path";
import { REPO, freePort as freeTcpPort } from "./server.mjs";

const BIN = join(REPO, "media/sfu/bin/ardoise-sfu");

function freeUdpPort() {
  return new Promise((done, fail) => {
    const socket = createSocket("udp4");
    socket.once("error", fail);
    socket.bind(0, "127.0.0.1", () => {
      const { port } = socket.address();
      socket.close(() => done(port));
    });
  });
}

/**
 * `logDir`: where sfu.log goes (the server's temp dir is a good place). `turnSecret`: also run the SFU's TURN
 * server over TCP and ICE-TCP, on loopback ports given back as `turnTcpPort` and `iceTcpPort`.
 */
export async function startSfu(logDir, { turnSecret } = {}) {
  if (!existsSync(BIN)) {
    const built = spawnSync(join(REPO, "media/sfu/build"), { stdio: "inherit" });
    if (built.status !== 0) throw new Error("media/sfu/build failed");
  }
  const [grpc, udp, metrics] = [await freeTcpPort(), await freeUdpPort(), await freeTcpPort()];
  const target = `127.0.0.1:${grpc}`;
  const metricsUrl = `http://127.0.0.1:${metrics}/metrics`;
  const [turnTcpPort, iceTcpPort] = turnSecret ? [await freeTcpPort(), await freeTcpPort()] : [];
  const turnArgs = turnSecret ? ["-turn-tcp-addr", `127.0.0.1:${turnTcpPort}`, "-tcp-addr", `127.0.0.1:${iceTcpPort}`] : [];
  let child;
  let exited = null;

  async function start() {
    const log = openSync(join(logDir, "sfu.log"), "a");
    exited = null;
    child = spawn(BIN, ["-grpc-addr", target, "-udp-addr", `127.0.0.1:${udp}`, "-metrics-addr", `127.0.0.1:${metrics}`, ...turnArgs], {
      stdio: ["ignore", log, log],
      env: turnSecret ? { ...process.env, ARDOISE_TURN_SECRET: turnSecret } : process.env,
    });
    child.on("exit", (code) => (exited = code ?? -1));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (exited !== null) throw new Error(`the SFU exited with ${exited}; see ${join(logDir, "sfu.log")}`);
      if (Date.now() > deadline) throw new Error("the SFU did not start in 30 s");
      try {
        if ((await fetch(`http://127.0.0.1:${metrics}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** `signal`: SIGKILL is a crash (no goodbye on its streams), SIGTERM a drain. */
  async function stop(signal = "SIGTERM") {
    if (!child || exited !== null) return;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await gone;
    clearTimeout(timer);
  }

  /** One Prometheus sample, summed over its series whose labels contain `labels` (e.g. 'payload="description"'). */
  async function metric(name, labels = "") {
    const text = await (await fetch(metricsUrl)).text();
    let sum = 0;
    for (const line of text.split("\n")) {
      if (!line.startsWith(name)) continue;
      const [series, value] = line.split(/\s+/);
      if (series !== name && !series.startsWith(`${name}{`)) continue;
      if (labels && !series.includes(labels)) continue;
      sum += Number(value);
    }
    return sum;
  }

  await start();
  return { target, metricsUrl, udpPort: udp, turnTcpPort, iceTcpPort, start, stop, metric };
}
