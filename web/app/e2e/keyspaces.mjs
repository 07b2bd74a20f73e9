// Keyspaces of the run's Cassandra (e2e/run.mjs) for the files whose node has settings of its own. Installing one
// (SchemaInstaller: a JVM and 18 DDL statements) took about 5 s of each such file's start, one file after the
// other; the run now installs the next one while the files before it run, and a file takes one that is ready.
import { spawn } from "node:child_process";
import { readdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const READY = ".ready";
/** Eleven files start a node of their own; a few more for a failed install or a new file. */
const MOST = 16;

/** The ARDOISE_* variables of a node (or installer) on `keyspace` of the Cassandra at `contactPoint`. */
export function keyspaceEnv(contactPoint, keyspace) {
  return { ARDOISE_EMBEDDED_CASSANDRA: "off", ARDOISE_CASSANDRA_CONTACT_POINTS: contactPoint, ARDOISE_CASSANDRA_KEYSPACE: keyspace };
}

/** Runs SchemaInstaller from `repo`'s build with `env`; answers what went wrong, or undefined. */
export async function installSchema(repo, env) {
  const installer = spawn(
    "java",
    ["-cp", "cluster/target/classes:cluster/target/lib/*", "app.ardoise.persistence.SchemaInstaller"],
    { cwd: repo, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } },
  );
  let errors = "";
  installer.stderr.on("data", (chunk) => (errors += chunk));
  const code = await new Promise((done) => installer.once("exit", done));
  return code === 0 ? undefined : `exit ${code}: ${errors.slice(-2000)}`;
}

/**
 * For e2e/run.mjs: keeps one keyspace installed ahead in `dir` (a file `<keyspace>.ready`), until stopped. One at a
 * time, so that the installs share the machine with the tests as little as they can. A failed install is only
 * reported: the file that finds none ready installs its own, as it would without the run.
 */
export function installAhead(repo, contactPoint, dir) {
  let stopped = false;
  const running = (async () => {
    for (let made = 0; !stopped && made < MOST; ) {
      if (readdirSync(dir).some((file) => file.endsWith(READY))) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      const keyspace = `e2e_ahead_${made++}`;
      const failure = await installSchema(repo, keyspaceEnv(contactPoint, keyspace));
      if (failure) console.error(`keyspace ${keyspace} was not installed ahead: ${failure}`);
      else writeFileSync(join(dir, keyspace + READY), "");
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/** A keyspace installed ahead in `dir`, now this caller's alone (a rename succeeds once), or undefined if none is. */
export function takeKeyspace(dir) {
  for (const file of readdirSync(dir).filter((name) => name.endsWith(READY))) {
    try {
      renameSync(join(dir, file), join(dir, file.slice(0, -READY.length) + ".taken"));
      return file.slice(0, -READY.length);
    } catch {
      // another file took it first
    }
  }
  return undefined;
}
