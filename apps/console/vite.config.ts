import { join } from 'node:path';
import { defineConfig } from 'vite';

const here = import.meta.dirname;
const root = join(here, '..', '..');

/**
 * The web console, built into dist/console, which every national node serves at `/`.
 * Everything it loads is a file of its own origin: the node's Content Security Policy allows no
 * inline script and nothing from elsewhere, and deployments may have no internet access.
 */
export default defineConfig({
  root: here,
  // Relative asset URLs, so the console also works behind a proxy that serves the node under a path.
  base: './',
  publicDir: join(here, 'public'),
  resolve: {
    // The console uses the project's own API client, which uses the retry timing; nothing else of ours at run time.
    alias: {
      '@cirtmesh/client': join(root, 'libs', 'client', 'src', 'index.ts'),
      '@cirtmesh/retry': join(root, 'libs', 'retry', 'src', 'index.ts'),
    },
  },
  build: {
    outDir: join(root, 'dist', 'console'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // One module script and one stylesheet, nothing inlined into the page.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  logLevel: 'warn',
});
