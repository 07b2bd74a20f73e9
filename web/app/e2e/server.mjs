// Starts one Ardoise node from the Maven build (cluster/target/classes + lib, the way bin/ardoise-dev
// runs it) with an embedded Cassandra on free ports under a temp dir, and waits until it is ready.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { installSchema, keyspaceEnv, takeKeyspace } from "./keyspaces.mjs";
import { freeTcpPort } from "./ports.mjs";
import { CLIENT_ID, CLIENT_SECRET, startProvider } from "./provider.mjs";

// ARDOISE_REPO: a checkout whose Maven build to run (default: this one).
export const REPO = resolve(process.env.ARDOISE_REPO ?? fileURLToPath(new URL("../../..", import.meta.url)));
export const API_KEY = "e2e-api-key-0123456789";
/** The BigBlueButton-compatible API's shared secret (bbb.test.mjs). */
export const BBB_SECRET = "e2e-bbb-secret-0123456789";

/**
 * `sfu`: the SFU to drive (e2e/sfu.mjs); without one, media is off on this server. `auth`: "dev" turns
 * on sign-in's dev mode (anyone signs in as any name: loopback only, which this node is); "oidc" starts a
 * real OpenID provider (e2e/provider.mjs) beside the node, as `provider` ({ issuer, user, password, name }),
 * and signs teachers in there; off otherwise. `env`: more ARDOISE_* variables for this node.
 */
export async function startServer({ sfu, auth, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "ardoise-e2e-"));
  const [http, remote] = [await freeTcpPort(), await freeTcpPort()];
  const url = `http://127.0.0.1:${http}`;
  // The provider starts while the node does: the node only asks it at the first sign-in.
  const issuerPort = auth === "oidc" ? await freeTcpPort() : undefined;
  const providing = auth === "oidc" ? startProvider(REPO, issuerPort, `${url}/auth/callback`) : Promise.resolve(undefined);
  const oidc =
    auth === "oidc"
      ? { ARDOISE_OIDC_ISSUER: `http://127.0.0.1:${issuerPort}`, ARDOISE_OIDC_CLIENT_ID: CLIENT_ID, ARDOISE_OIDC_CLIENT_SECRET: CLIENT_SECRET }
      : {};
  let cassandra;
  try {
    cassandra = await cassandraFor(dir);
  } catch (failure) {
    // The provider started beside it would keep the file's process alive after its hook failed.
    await (await providing)?.stop();
    throw failure;
  }
  const log = openSync(join(dir, "server.log"), "w");
  const child = spawn(
    "java",
    ["@cluster/jvm.options", "-cp", "cluster/target/classes:cluster/target/lib/*", "app.ardoise.cluster.Main"],
    {
      cwd: REPO,
      stdio: ["ignore", log, log],
      env: {
        ...process.env,
        ...cassandra,
        ARDOISE_HTTP_HOST: "127.0.0.1",
        ARDOISE_HTTP_PORT: String(http),
        ARDOISE_REMOTE_HOST: "127.0.0.1",
        ARDOISE_REMOTE_PORT: String(remote),
        ARDOISE_API_KEY: API_KEY,
        ARDOISE_TOKEN_SECRET: "e2e-token-secret-0123456789abcdef",
        ARDOISE_PUBLIC_URL: url,
        ARDOISE_BBB_SECRET: BBB_SECRET,
        ...(auth ? { ARDOISE_AUTH: auth } : {}),
        ...oidc,
        ...(sfu ? { ARDOISE_MEDIA_ENABLED: "on", ARDOISE_SFU_TARGET: sfu.target } : { ARDOISE_MEDIA_ENABLED: "off" }),
        // One short wave: the warm-up still runs before the node is ready, as in production, without its 1,000
        // connections (18-23 s of both cores per node), which it/WarmUpTest and bench/cold-storm measure instead.
        ARDOISE_WARM_UP_CONNECTIONS: "10",
        ...env,
      },
    },
  );
  let exited = null;
  child.on("exit", (code) => (exited = code));
  const started = await Promise.allSettled([providing, untilReady(url, dir, () => exited)]);
  const provider = started[0].value;
  const failed = started.find((outcome) => outcome.status === "rejected");
  if (failed) {
    child.kill("SIGKILL");
    await provider?.stop();
    throw failed.reason;
  }
  return {
    url,
    dir,
    provider,
    async stop() {
      await provider?.stop();
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

/**
 * Where this node keeps its data, as ARDOISE_* variables. Under e2e/run.mjs (ARDOISE_E2E_CASSANDRA set): a keyspace
 * of the run's Cassandra of its own, so that no file sees another's classes: one the run installed ahead
 * (e2e/keyspaces.mjs), or else a fresh one, its schema installed here as an operator would (SchemaInstaller).
 * Otherwise a Cassandra of the node's own, embedded, under `dir`.
 */
async function cassandraFor(dir) {
  const shared = process.env.ARDOISE_E2E_CASSANDRA;
  if (!shared) {
    const [cql, storage] = [await freeTcpPort(), await freeTcpPort()];
    return {
      ARDOISE_EMBEDDED_CASSANDRA: "on",
      ARDOISE_CASSANDRA_PORT: String(cql),
      ARDOISE_CASSANDRA_STORAGE_PORT: String(storage),
      ARDOISE_CASSANDRA_DIR: join(dir, "cassandra"),
    };
  }
  const ahead = process.env.ARDOISE_E2E_KEYSPACES && takeKeyspace(process.env.ARDOISE_E2E_KEYSPACES);
  if (ahead) return keyspaceEnv(shared, ahead);
  const keyspace = `e2e_${process.pid}_${++keyspaces}`;
  const env = keyspaceEnv(shared, keyspace);
  // Once more when it fails: every statement is IF NOT EXISTS, and on a loaded machine a DDL statement has been
  // seen to outlast the driver's 20 s.
  let failure;
  for (let attempt = 0; attempt < 2; attempt++) {
    failure = await installSchema(REPO, env);
    if (!failure) return env;
  }
  throw new Error(`the schema of ${keyspace} was not installed: ${failure}`);
}

let keyspaces = 0;

/** Resolves once the node at `url` is ready; fails once it has exited (`exitCode()` not null) or after 180 s. */
async function untilReady(url, dir, exitCode) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exitCode() !== null) throw new Error(`the server exited with ${exitCode()}; see ${join(dir, "server.log")}`);
    if (Date.now() > deadline) throw new Error(`the server was not ready in 180 s; see ${join(dir, "server.log")}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
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
