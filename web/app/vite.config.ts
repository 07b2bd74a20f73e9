import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The merge rules are used from their TypeScript source (no separate build step for web/whiteboard),
// and the bundle lands where the Maven module `ardoise-web` packs it: ardoise/web on the classpath.
export default defineConfig({
  resolve: {
    alias: {
      "@ardoise/whiteboard": fileURLToPath(new URL("../whiteboard/src/index.ts", import.meta.url)),
    },
  },
  build: {
    outDir: fileURLToPath(new URL("../target/classes/ardoise/web", import.meta.url)),
    emptyOutDir: true,
    assetsDir: "assets",
    // The polyfill would be an inline script, which the Content-Security-Policy forbids.
    modulePreload: { polyfill: false },
    target: "es2022",
  },
});
