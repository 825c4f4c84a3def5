/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API paths the dev server passes to a running LLMos (./llmos on 127.0.0.1:8000).
const api = ['/me', '/users', '/teams', '/tokens', '/skills', '/volumes', '/chat', '/traces', '/usage',
  '/evolve', '/evolution', '/promotions', '/health', '/agents', '/runs', '/conversations', '/models'];

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(api.map((p) => [p, { target: 'http://127.0.0.1:8000', changeOrigin: false }])),
  },
  // The CodeMirror chunk (≈ 610 kB, lang-markdown brings the HTML/CSS/JS modes) loads only on the editor route.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 700 },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
