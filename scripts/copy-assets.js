// Copies ReDoc's self-contained standalone bundle (and its licence notes) into dist/assets, so
// the published package serves /redoc offline without a runtime dependency on `redoc` (84 MB).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const from = path.dirname(require.resolve('redoc/package.json'));
const to = path.join(__dirname, '..', 'dist', 'assets');
fs.mkdirSync(to, { recursive: true });
for (const [src, dest] of [
  ['bundles/redoc.standalone.js', 'redoc.standalone.js'],
  ['bundles/redoc.standalone.js.LICENSE.txt', 'redoc.standalone.js.LICENSE.txt'],
  ['LICENSE', 'redoc.LICENSE'],
]) {
  fs.copyFileSync(path.join(from, src), path.join(to, dest));
}
