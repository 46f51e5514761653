'use strict';
// Bytes allocated for the 10,000-route workload: the declaration through createApi over bare
// Express, then openapi(), then the first serialisation. Unlike time, allocation does not drift
// with the machine: each step runs in a fresh process whose young generation is made large
// enough (256 MB) that no garbage collection runs, so heapUsed after minus before is what the
// step allocated (kept or not). The declaration's figure moves by up to ≈ 300 bytes a route
// between runs (what V8's compiler allocates counts too): compare builds over several runs.
// Then a full GC: what the step kept, which is what every later scavenge has to copy (the
// allocation counts how soon the next one comes).
//
// Usage: npm run build && node bench/openapi-alloc.js [--dist path/to/dist] [--express 4|5]

const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { declarations, declareApi, declareBare } = require('./openapi-routes');

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
}
const DIST = path.resolve(option('dist', path.join(__dirname, '..', 'dist')));
const ROUTES = 10000;

if (option('child', undefined) !== undefined) {
  child(option('child', ''), option('express', '5'));
} else {
  main();
}

function child(kind, major) {
  const express = require(major === '4' ? 'express4' : 'express');
  const list = declarations(ROUTES);
  const app = express();
  const used = () => process.memoryUsage().heapUsed;
  const out = {};
  // A full GC before each step (none runs during one), and one after it: what the step keeps.
  global.gc();
  let before = used();
  const api = kind === 'bare' ? declareBare(express, app, list) : declareApi(require(DIST), app, list);
  out.declaration = used() - before;
  global.gc();
  out.declarationKept = used() - before;
  if (kind === 'api') {
    before = used();
    const doc = api.openapi();
    out.openapi = used() - before;
    global.gc();
    out.openapiKept = used() - before;
    before = used();
    const body = Buffer.from(JSON.stringify(doc), 'utf8');
    out.serialisation = used() - before;
    out.bytes = body.length;
  }
  process.stdout.write(JSON.stringify(out));
}

function run(kind, major) {
  const stdout = execFileSync(process.execPath, [
    '--expose-gc', '--min-semi-space-size=256', '--max-semi-space-size=256', __filename, '--child', kind, '--express', major, '--dist', DIST,
  ], { cwd: __dirname, encoding: 'utf8' });
  return JSON.parse(stdout);
}

function main() {
  const majors = option('express', undefined) === undefined ? ['4', '5'] : [option('express', '5')];
  console.log(`${DIST}, ${ROUTES} routes; bytes allocated (no GC during the steps) and kept (after a full GC)`);
  console.log('| Express | declaration over bare, per route | kept of it | openapi(), per operation | kept of it (the document) | first serialisation, per operation |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const major of majors) {
    const bare = run('bare', major);
    const api = run('api', major);
    const per = (bytes) => `${Math.round(bytes / ROUTES)} B`;
    console.log(`| ${major} | ${per(api.declaration - bare.declaration)} | ${per(api.declarationKept - bare.declarationKept)} | ` +
      `${per(api.openapi)} | ${per(api.openapiKept)} | ${per(api.serialisation)} |`);
  }
}
