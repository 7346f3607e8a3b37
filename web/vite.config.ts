import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { scalarStandalone } from './build/api-reference.js';
import { precompress } from './build/precompress.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The web UI: built to web/dist, which the server serves with an SPA fallback. Two pages: the
 * app (index.html) and the API reference (api-docs.html, served at /api/docs).
 */
export default defineConfig({
  root: here('.'),
  plugins: [react(), scalarStandalone(here('.generated/scalar-standalone.js')), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // elk's worker and Scalar are large self-contained scripts, each loaded by one page only.
    chunkSizeWarningLimit: 5000,
    rolldownOptions: { input: { app: here('index.html'), apiDocs: here('api-docs.html') } },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:7070', changeOrigin: false } },
  },
});
