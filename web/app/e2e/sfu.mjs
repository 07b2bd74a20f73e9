// Starts the real SFU (media/sfu/bin/ardoise-sfu, built here if bin/test has not) on free loopback
// ports, with its metrics on so the tests can see what reached it. stop() and start() again keep
// the ports: the server's bridge finds the SFU back where it was.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { freeTcpPort, freeUdpPort } from "./ports.mjs";
import { REPO } from "./server.mjs";

const BIN = join(REPO, "media/sfu/bin/ardoise-sfu");

/**
 * `logDir`: where sfu.log goes (the server's temp dir is a good place). `turnSecret`: also run the SFU's TURN
 * server over TCP and ICE-TCP, on loopback ports given back as `turnTcpPort` and `iceTcpPort`.
 */
export async function startSfu(logDir, { turnSecret } = {}) {
  if (!existsSync(BIN)) {
    const built = spawnSync(join(REPO, "media/sfu/build"), { stdio: "inherit" });
    if (built.status !== 0) throw new Error("media/sfu/build failed");
  }
  const logPath = join(logDir, "sfu.log");
  let ports;
  let child;
  let exited = null;

  async function pickPorts() {
    const [grpc, udp, metrics] = [await freeTcpPort(), await freeUdpPort(), await freeTcpPort()];
    const [turnTcp, iceTcp] = turnSecret ? [await freeTcpPort(), await freeTcpPort()] : [];
    return { grpc, udp, metrics, turnTcp, iceTcp };
  }

  async function start() {
    const logFrom = existsSync(logPath) ? statSync(logPath).size : 0;
    const log = openSync(logPath, "a");
    exited = null;
    const { grpc, udp, metrics, turnTcp, iceTcp } = ports;
    const turnArgs = turnSecret ? ["-turn-tcp-addr", `127.0.0.1:${turnTcp}`, "-tcp-addr", `127.0.0.1:${iceTcp}`] : [];
    child = spawn(BIN, ["-grpc-addr", `127.0.0.1:${grpc}`, "-udp-addr", `127.0.0.1:${udp}`, "-metrics-addr", `127.0.0.1:${metrics}`, ...turnArgs], {
      stdio: ["ignore", log, log],
      env: turnSecret ? { ...process.env, ARDOISE_TURN_SECRET: turnSecret } : process.env,
    });
    closeSync(log);
    child.on("exit", (code) => (exited = code ?? -1));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (exited !== null) {
        const portTaken = readFileSync(logPath).subarray(logFrom).includes("address already in use");
        throw Object.assign(new Error(`the SFU exited with ${exited}; see ${logPath}`), { portTaken });
      }
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
    const text = await (await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).text();
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

  // Ports are picked free and then handed to the SFU, so another process (a browser's ICE agent, an
  // outgoing connection) may bind one in between: the first start is tried again on other ports.
  for (let attempt = 1; ; attempt++) {
    ports = await pickPorts();
    try {
      await start();
      break;
    } catch (failure) {
      if (!failure.portTaken || attempt === 3) throw failure;
    }
  }
  return {
    target: `127.0.0.1:${ports.grpc}`,
    metricsUrl: `http://127.0.0.1:${ports.metrics}/metrics`,
    udpPort: ports.udp,
    turnTcpPort: ports.turnTcp,
    iceTcpPort: ports.iceTcp,
    start,
    stop,
    metric,
  };
}
