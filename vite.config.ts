/**
 * Vite builds the browser client: root is client/, output is dist/ at the repo top (the server serves it at /).
 * Phaser does not tree-shake, so it gets a chunk of its own that browsers cache across client releases.
 */
import { defineConfig } from "vite";

export default defineConfig({
  root: "client",
  base: "/",
  publicDir: false,
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    target: "es2023",
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "phaser", test: /node_modules[\\/]phaser[\\/]/, priority: 2 },
            { name: "vendor", test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
});
