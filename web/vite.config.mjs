// The console's bundle: Preact's JSX runtime, no inline scripts (the gateway's Content-Security-Policy allows
// only same-origin scripts), hashed file names (served as immutable), output in build/ for the gateway.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src',
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // csv-parse's Node build needs Node's Buffer; its browser build carries its own. Unit tests (Node) keep the
  // Node build, the bundle gets the browser one, from the same import.
  resolve: { alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' } },
  build: {
    outDir: '../build',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
