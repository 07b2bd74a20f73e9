// Starts one Ardoise node from the Maven build (cluster/target/classes + lib, the way bin/ardoise-dev
// runs it) with an embedded Cassandra on free ports under a temp dir, and waits until it is ready.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// ARDOISE_REPO: a checkout whose Maven build to run (default: this one).
export const REPO = resolve(process.env.ARDOISE_REPO ?? fileURLToPath(new URL("../../..", import.meta.url)));
export const API_KEY = "e2e-api-key-0123456789";
/** The BigBlueButton-compatible API's shared secret (bbb.test.mjs). */
export const BBB_SECRET = "e2e-bbb-secret-0123456789";

/** A TCP port free on 127.0.0.1 now (the SFU harness uses it too). */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * `sfu`: the SFU to drive (e2e/sfu.mjs); without one, media is off on this server. `auth`: "dev" turns
 * on sign-in's dev mode (anyone signs in as any name: loopback only, which this node is); off otherwise.
 */
export async function startServer({ sfu, auth } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "ardoise-e2e-"));
  const [http, remote, cql, storage] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const url = `http://127.0.0.1:${http}`;
  const log = openSync(join(dir, "server.log"), "w");
  const child = spawn(
    "java",
    ["@cluster/jvm.options", "-cp", "cluster/target/classes:cluster/target/lib/*", "app.ardoise.cluster.Main"],
    {
      cwd: REPO,
      stdio: ["ignore", log, log],
      env: {
        ...process.env,
        ARDOISE_EMBEDDED_CASSANDRA: "on",
        ARDOISE_HTTP_HOST: "127.0.0.1",
        ARDOISE_HTTP_PORT: String(http),
        ARDOISE_REMOTE_HOST: "127.0.0.1",
        ARDOISE_REMOTE_PORT: String(remote),
        ARDOISE_CASSANDRA_PORT: String(cql),
        ARDOISE_CASSANDRA_STORAGE_PORT: String(storage),
        ARDOISE_CASSANDRA_DIR: join(dir, "cassandra"),
        ARDOISE_API_KEY: API_KEY,
        ARDOISE_TOKEN_SECRET: "e2e-token-secret-0123456789abcdef",
        ARDOISE_PUBLIC_URL: url,
        ARDOISE_BBB_SECRET: BBB_SECRET,
        ...(auth ? { ARDOISE_AUTH: auth } : {}),
        ...(sfu ? { ARDOISE_MEDIA_ENABLED: "on", ARDOISE_SFU_TARGET: sfu.target } : { ARDOISE_MEDIA_ENABLED: "off" }),
      },
    },
  );
  let exited = null;
  child.on("exit", (code) => (exited = code));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited !== null) throw new Error(`the server exited with ${exited}; see ${join(dir, "server.log")}`);
    if (Date.now() > deadline) throw new Error(`the server was not ready in 180 s; see ${join(dir, "server.log")}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    dir,
    async stop() {
      if (exited === null) {
        const gone = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await gone;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createRoom(url, title) {
  const response = await fetch(`${url}/api/v1/rooms`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ title }),
  });
  if (!response.ok) throw new Error(`create room: HTTP ${response.status}`);
  return response.json();
}
