// The half of e2e/netns.mjs's bridge that runs inside a network namespace (started with `ip netns exec`):
// it listens on the namespace's 127.0.0.1 at each port given and carries every connection through the unix
// socket `<dir>/<port>.sock`, where the test process answers from the machine's own 127.0.0.1:<port>. Unix
// socket files are reached by path whatever the network namespace, so nothing is routed between the two.
// Usage: node netns-bridge.mjs <dir> <port>...
import { connect, createServer } from "node:net";
import { join } from "node:path";

const [dir, ...ports] = process.argv.slice(2);

await Promise.all(
  ports.map(
    (port) =>
      new Promise((listening, fail) => {
        const server = createServer((inside) => {
          const outside = connect(join(dir, `${port}.sock`));
          inside.pipe(outside).pipe(inside);
          inside.on("error", () => outside.destroy());
          outside.on("error", () => inside.destroy());
        });
        server.once("error", fail);
        server.listen(Number(port), "127.0.0.1", listening);
      }),
  ),
);
process.stdout.write("ready\n");
