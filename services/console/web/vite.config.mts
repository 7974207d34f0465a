/**
 * The console's web app: built into dist/console-web, which the console service
 * serves on its own origin (services/console). `vite` in this folder serves it
 * for development, forwarding /api and /auth to a running console on :3000.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const consoleUrl = process.env.CONSOLE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../../dist/console-web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': consoleUrl, '/auth': consoleUrl, '/admin': consoleUrl },
  },
});
