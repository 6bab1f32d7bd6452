import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The origin `vite dev` forwards API and file requests to: the server that `pnpm start` runs. */
const API_ORIGIN = "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/trpc": { target: API_ORIGIN, changeOrigin: false },
      "/files": { target: API_ORIGIN, changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      output: {
        // Libraries change less often than the app, so they get chunks of their own to stay cached.
        manualChunks(id) {
          if (!id.includes("node_modules")) return undefined;
          if (/[\\/](react|react-dom|react-router|scheduler)[\\/]/.test(id)) return "react";
          if (id.includes("replicache")) return "replicache";
          if (id.includes("zod")) return "zod";
          return "vendor";
        },
      },
    },
  },
});
