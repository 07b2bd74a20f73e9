// A real OpenID provider for a node with ARDOISE_AUTH=oidc: the Java tests' Spring Authorization Server
// (cluster's support.TestProvider), run by support.ProviderMain in a JVM of its own from the Maven build:
// cluster/target/test-classes and the test classpath that `mvn package` (so `mvn verify`) writes to
// cluster/target/test-classpath.txt.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

export const CLIENT_ID = "ardoise-e2e";
export const CLIENT_SECRET = "ardoise-e2e-client-secret-0123";

/**
 * Starts the provider of the Maven build in `repo` on `port` (127.0.0.1) with one client, CLIENT_ID, sent back to `redirectUri`; resolves
 * once it serves, with `{ issuer, user, password, name }` (the user who signs in at its login form) and
 * `stop()`.
 */
export async function startProvider(repo, port, redirectUri) {
  const classpathFile = join(repo, "cluster/target/test-classpath.txt");
  if (!existsSync(classpathFile)) throw new Error(`${classpathFile} is missing: run mvn -DskipTests package -pl cluster -am first`);
  const classpath = `cluster/target/test-classes:${readFileSync(classpathFile, "utf8").trim()}`;
  const child = spawn(
    "java",
    ["-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath, "app.ardoise.cluster.support.ProviderMain", String(port), CLIENT_ID, CLIENT_SECRET, redirectUri],
    // stdin stays a pipe: the provider stops when it closes, with this process at the latest.
    { cwd: repo, stdio: ["pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((done) => child.once("exit", done));
  // Its log (logback, WARN and up) goes to stdout too: the JSON line is the one that starts with {.
  const first = new Promise((done) => createInterface({ input: child.stdout }).on("line", (line) => line.startsWith("{") && done(line)));
  const line = await Promise.race([
    first,
    exited.then((code) => Promise.reject(new Error(`the OpenID provider exited with ${code}: ${stderr}`))),
    new Promise((_, fail) => setTimeout(() => fail(new Error(`the OpenID provider did not start in 90 s: ${stderr}`)), 90_000).unref()),
  ]);
  return {
    ...JSON.parse(line),
    async stop() {
      if (child.exitCode === null) {
        child.stdin.end();
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
