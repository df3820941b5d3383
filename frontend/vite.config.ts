import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

import { graphqlDocumentImports } from "./tooling/graphqlDocumentImports.ts";

/** Backend address the dev server forwards GraphQL (HTTP and WebSocket) to. */
const BACKEND_URL = process.env.RAPPORT_BACKEND_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react(), graphqlDocumentImports(import.meta.dirname)],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    // dist/.vite/manifest.json: what each route loads; `npm run size` reads it.
    manifest: true,
    rolldownOptions: {
      output: {
        // Long-lived vendor chunks for what every page needs. antd is deliberately not grouped: left to
        // automatic splitting, each route chunk carries only the antd components that route renders, so
        // /login never downloads the shell's Menu/Layout or later pages' tables and charts.
        codeSplitting: {
          groups: [
            {
              // Changes rarely: cached across deploys.
              name: "react",
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser)[\\/]/,
              priority: 30,
            },
            {
              name: "graphql-client",
              test: /node_modules[\\/](urql|@urql[\\/](core|exchange-persisted)|wonka|@0no-co[\\/]graphql\.web)[\\/]/,
              priority: 20,
            },
            {
              name: "i18n",
              test: /node_modules[\\/](i18next|react-i18next|dayjs)[\\/]/,
              priority: 20,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      // Host is kept (no changeOrigin) so the backend's Origin check sees matching Origin and Host.
      "/graphql": { target: BACKEND_URL, ws: true },
      // Exported files (`GET /exports/{id}`, the session cookie), not the SPA's /my-exports.
      "/exports/": { target: BACKEND_URL },
      // Uploads to import (`POST /imports`) and their rejected rows (`GET /imports/{id}/rejected`), not the SPA's /customers/import.
      "/imports": { target: BACKEND_URL },
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/testing/setupTests.ts"],
    css: false,
    restoreMocks: true,
    testTimeout: 15_000,
    // On CI's shared, loaded machines a test that waits for a render can lose a race with jsdom; one retry
    // there keeps a real failure (it fails twice) apart from a slow machine. Locally nothing is retried, so
    // races show up and get fixed (as the pool and chart tests were).
    retry: process.env["CI"] ? 1 : 0,
    include: ["src/**/__tests__/**/*.test.{ts,tsx}", "tooling/**/__tests__/**/*.test.ts"],
  },
});
