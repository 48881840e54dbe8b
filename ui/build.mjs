// Bundles src/main.js (with sigma, graphology, ForceAtlas2 and htmx from node_modules, pinned by
// package-lock.json) into the Python package's static folder, so users of tidings need no Node.
import {build} from 'esbuild';

await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'eof',
  outfile: '../src/tidings/web/static/app.js',
  logLevel: 'info',
});
