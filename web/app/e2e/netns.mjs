// A network namespace of the test's own, for a Chromium that sees another network than the machine's: made
// here, with a veth pair whose two ends are in namespaces made here too, and deleted with everything in it at
// close(). Nothing is ever added to the machine's own (root) namespace: servers stay on its 127.0.0.1, and
// forward() carries chosen TCP ports into the namespace through unix sockets (e2e/netns-bridge.mjs).
// Needs root, iproute2 and iptables (bin/test installs them).
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM } from "./browser.mjs";

const BRIDGE = fileURLToPath(new URL("./netns-bridge.mjs", import.meta.url));
let made = 0;

function run(...args) {
  const done = spawnSync(args[0], args.slice(1), { encoding: "utf8" });
  if (done.error) throw new Error(`${args.join(" ")}: ${done.error.message} (apt-get install -y iproute2 iptables)`);
  if (done.status !== 0) throw new Error(`${args.join(" ")}: ${done.stderr.trim()}`);
  return done.stdout;
}

/**
 * Makes the namespace `name` (with loopback up) and its neighbour `<name>-lan`, joined by a veth pair
 * (10.213.<n>.1/30 here, .2 there): the namespace has a LAN interface, as a school computer does, and
 * no route out of it. Returns { name, dir, exec(...args), dropOutgoing(protocol), forward(ports),
 * chromium(), close() }.
 */
export function createNetns(prefix = "ardoise") {
  const n = made++;
  const name = `${prefix}-${process.pid}-${n}`;
  const lan = `${name}-lan`;
  // Interface names have 15 characters at most.
  const [veth, peer] = [`va${process.pid % 100000}x${n}`, `vb${process.pid % 100000}x${n}`];
  const dir = mkdtempSync(join(tmpdir(), "ardoise-netns-"));
  const bridges = [];
  const servers = [];
  const exec = (...args) => run("ip", "netns", "exec", name, ...args);

  const ns = {
    name,
    dir,
    exec,
    /** Drops every packet of `protocol` ("udp", "tcp") the namespace sends, on every interface, loopback too. */
    dropOutgoing(protocol) {
      exec("iptables", "-A", "OUTPUT", "-p", protocol, "-j", "DROP");
    },
    /** Makes each TCP port of the machine's 127.0.0.1 answer on the namespace's 127.0.0.1 too. */
    async forward(ports) {
      for (const port of ports) {
        const server = createServer((inside) => {
          const outside = connect(port, "127.0.0.1");
          inside.pipe(outside).pipe(inside);
          inside.on("error", () => outside.destroy());
          outside.on("error", () => inside.destroy());
        });
        await new Promise((listening, fail) => {
          server.once("error", fail);
          server.listen(join(dir, `${port}.sock`), listening);
        });
        servers.push(server);
      }
      const bridge = spawn("ip", ["netns", "exec", name, process.execPath, BRIDGE, dir, ...ports.map(String)], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      bridges.push(bridge);
      await new Promise((ready, fail) => {
        bridge.once("exit", (code) => fail(new Error(`the bridge into ${name} exited with ${code}`)));
        bridge.stdout.once("data", ready);
      });
    },
    /** A path to give playwright as executablePath: Debian's chromium, run inside the namespace. */
    chromium() {
      const wrapper = join(dir, "chromium");
      writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec '${name}' '${CHROMIUM}' "$@"\n`);
      chmodSync(wrapper, 0o755);
      return wrapper;
    },
    close() {
      for (const bridge of bridges) bridge.kill("SIGKILL");
      for (const server of servers) server.close();
      // Deleting a namespace takes its interfaces (the veth pair goes with either end) and its iptables rules.
      for (const space of [name, lan]) spawnSync("ip", ["netns", "del", space]);
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    run("ip", "netns", "add", name);
    run("ip", "netns", "add", lan);
    exec("ip", "link", "set", "lo", "up");
    exec("ip", "link", "add", veth, "type", "veth", "peer", "name", peer, "netns", lan);
    exec("ip", "addr", "add", `10.213.${n % 256}.1/30`, "dev", veth);
    exec("ip", "link", "set", veth, "up");
    run("ip", "netns", "exec", lan, "ip", "addr", "add", `10.213.${n % 256}.2/30`, "dev", peer);
    run("ip", "netns", "exec", lan, "ip", "link", "set", peer, "up");
  } catch (error) {
    ns.close();
    throw error;
  }
  return ns;
}
