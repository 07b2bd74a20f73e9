// Runs the browser tests (every e2e/*.test.mjs, or the files given) against one Cassandra started for the whole
// run: each file's node then gets a keyspace of its own in it (server.mjs) instead of starting a Cassandra of its
// own, which took about a third of the run; the next such keyspace is installed while the files before it run
// (keyspaces.mjs). The files that need a node with no setting of its own (stage.mjs, useServerAndBrowser without
// options) share one, started here: each start cost a schema install and a JVM's start and warm-up. Every file
// makes classes of its own, so none sees another's. Running one file with `node --test` still works: its node
// then starts an embedded Cassandra as before.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installAhead } from "./keyspaces.mjs";
import { freeTcpPort } from "./ports.mjs";
import { REPO, startServer } from "./server.mjs";

const READY = /cassandra ready on (\S+)/;

async function startCassandra() {
  const dir = mkdtempSync(join(tmpdir(), "ardoise-e2e-cassandra-"));
  const [cql, storage] = [await freeTcpPort(), await freeTcpPort()];
  const child = spawn(
    "java",
    ["-cp", "cluster/target/classes:cluster/target/lib/*", "app.ardoise.persistence.CassandraMain", join(dir, "data"), String(cql), String(storage)],
    { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] },
  );
  const contactPoint = await new Promise((ready, fail) => {
    let seen = "";
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      const match = READY.exec(seen);
      if (match) ready(match[1]);
    });
    child.once("exit", (code) => fail(new Error(`the tests' Cassandra exited with ${code} before it was ready`)));
  });
  return {
    contactPoint,
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((done) => child.once("exit", done));
        child.kill("SIGTERM");
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const files = process.argv.length > 2 ? process.argv.slice(2) : readdirSync("e2e").filter((f) => f.endsWith(".test.mjs")).sort().map((f) => `e2e/${f}`);
const cassandra = await startCassandra();
process.env.ARDOISE_E2E_CASSANDRA = cassandra.contactPoint;
const aheadDir = mkdtempSync(join(tmpdir(), "ardoise-e2e-keyspaces-"));
process.env.ARDOISE_E2E_KEYSPACES = aheadDir;
const ahead = installAhead(REPO, cassandra.contactPoint, aheadDir);
let shared;
const stopAll = async () => {
  await ahead.stop();
  await shared?.stop();
  await cassandra.stop();
  rmSync(aheadDir, { recursive: true, force: true });
};
const stop = () => stopAll().finally(() => process.exit(130));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
shared = await startServer();
const tests = spawn(process.execPath, ["--test", "--test-concurrency=1", ...files], {
  stdio: "inherit",
  env: { ...process.env, ARDOISE_E2E_SHARED_NODE: shared.url },
});
const code = await new Promise((done) => tests.once("exit", (status, signal) => done(status ?? (signal ? 1 : 0))));
await stopAll();
process.exit(code);
