import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is served by the Prestasi server from web/dist under a strict CSP (script-src and
// style-src 'self'): everything must be a file, nothing inline.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The inline module-preload polyfill would be an inline script; every supported browser has modulepreload.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 700,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
