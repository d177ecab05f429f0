import { fileURLToPath, URL } from "node:url";

import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The app is served by `govgraph serve` at / from web/app/dist (GOVGRAPH_APP_DIR); `npm run dev`
// proxies the API to a running `scripts/serve` on :8000.
const api = { target: "http://127.0.0.1:8000", changeOrigin: false };

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      treeshake: {
        // @rc-component/form (under antd's form context, which every input reads) declares no
        // `sideEffects`, so its whole index (fields, lists, the async validator) would ship with the
        // first page; its modules only define components, so unused ones may go.
        moduleSideEffects: (id: string) => !id.replaceAll("\\", "/").includes("/node_modules/@rc-component/form/"),
      },
    },
  },
  server: {
    proxy: { "/graphql": api, "/auth": api, "/explore": api, "/graphiql": api, "/api": api },
  },
});
