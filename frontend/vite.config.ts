// Builds the web UI into frontend/dist, which the backend serves at "/"; in development the
// Vite server forwards /api to the backend started with EMPACT_PORT=8765.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const backend = "http://127.0.0.1:8765";

export default defineConfig({
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // The libraries change far less often than the application: separate files stay cached.
        codeSplitting: {
          groups: [
            {
              name: "react",
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/,
            },
            { name: "mui", test: /node_modules[\\/](@mui|@emotion|@popperjs)[\\/]/ },
            {
              name: "react-admin",
              test: /node_modules[\\/](react-admin|ra-[^\\/]+|@tanstack|react-hook-form)[\\/]/,
            },
            // recharts and its own dependencies, loaded only with the results page.
            {
              name: "charts",
              test: /node_modules[\\/](recharts|victory-vendor|d3-[^\\/]+|internmap|@reduxjs|react-redux|redux|redux-thunk|immer|reselect|es-toolkit|decimal\.js-light|eventemitter3|tiny-invariant)[\\/]/,
            },
            { name: "vendor", test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      "/api": {
        target: backend,
        changeOrigin: true,
        // The backend refuses state changes whose Origin is not its own.
        headers: { origin: backend },
      },
    },
  },
});
