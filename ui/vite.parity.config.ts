import { defineConfig } from "vite";

// The window's words built for Node, for the test that compares them with
// the core's (tests/parity.ts, run by src-tauri/tests/window_words.rs).
// Everything is bundled, so the output runs from any directory.
export default defineConfig({
  clearScreen: false,
  logLevel: "warn",
  ssr: { noExternal: true },
  build: {
    ssr: "tests/parity.ts",
    outDir: process.env.PARITY_OUT ?? "dist-parity",
    emptyOutDir: true,
    target: "node20",
    rollupOptions: { output: { entryFileNames: "parity.mjs" } },
  },
});
