// The half of e2e/netns-udp.mjs that runs inside the network namespace (started with `ip netns exec`): it listens on
// the namespace's 127.0.0.1 at the port given, and carries each datagram, with its sender's port, through the unix
// socket to the test process, and the answers back to their sender.
// Usage: node netns-udp-inside.mjs <socket path> <port>
import { createSocket } from "node:dgram";
import { connect } from "node:net";
import { frame, readFrames } from "./netns-udp.mjs";

const [path, port] = process.argv.slice(2);
const udp = createSocket("udp4");
const stream = connect(path);
udp.on("message", (payload, from) => stream.write(frame(from.port, payload)));
readFrames(stream, (to, payload) => udp.send(payload, to, "127.0.0.1"));
stream.on("close", () => process.exit(0));
await Promise.all([
  new Promise((bound) => udp.bind(Number(port), "127.0.0.1", bound)),
  new Promise((connected) => stream.once("connect", connected)),
]);
process.stdout.write("ready\n");
