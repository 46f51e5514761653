'use strict';
// Compares two builds of the library on the 10,000-route document workload, paired, so that the
// machine's drift (a third over an afternoon on this 2-core host) cancels out.
//
// Usage:
//   cp -r dist /tmp/dist-before   # (on the old commit, after npm run build)
//   node bench/openapi-compare.js /tmp/dist-before dist [--rounds 21] [--express 4|5] [--metric wall|cpu]
//
// Each round runs one fresh process per build, in alternating order; each process declares the
// routes of bench/openapi.bench.js through createApi (declaration), calls api.openapi()
// (openapi), and serialises it as the /openapi.json handler does (JSON.stringify, the Buffer,
// SHA-1: serialise). Reports medians per build and the medians of the per-round differences
// (second build minus first), of wall time, or with `--metric cpu` of the main thread's own
// time on a CPU (steadier on this shared machine: see `threadCpu`).

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { declarations, declareApi } = require('./openapi-routes');

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
}
const EXPRESS = option('express', '5');
/** `wall` (the default) or `cpu`: the main thread's on-CPU time (see `threadCpu`). */
const METRIC = option('metric', 'wall');

if (option('child', undefined) !== undefined) {
  child(path.resolve(option('child', '')));
} else {
  main();
}

/** One process: the workload on one build; prints {declaration, openapi, serialise} in ms. */
function child(dist) {
  const { performance } = require('node:perf_hooks');
  const { createHash } = require('node:crypto');
  const express = require(EXPRESS === '4' ? 'express4' : 'express');
  const lib = require(dist);
  const list = declarations(10000);
  const app = express();
  const c0 = threadCpu();
  const t0 = performance.now();
  const api = declareApi(lib, app, list);
  const t1 = performance.now();
  const c1 = threadCpu();
  const doc = api.openapi();
  const t2 = performance.now();
  const c2 = threadCpu();
  const text = JSON.stringify(doc);
  const body = Buffer.byteLength(text, 'utf8') === text.length ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
  createHash('sha1').update(body).digest('base64');
  const t3 = performance.now();
  const c3 = threadCpu();
  process.stdout.write(JSON.stringify({
    declaration: t1 - t0, openapi: t2 - t1, serialise: t3 - t2, bytes: body.length,
    cpu: { declaration: c1 - c0, openapi: c2 - c1, serialise: c3 - c2 },
  }));
}

/**
 * The main thread's own time on a CPU, in ms (Linux's /proc/thread-self/schedstat, in ns): not
 * the time spent waiting for a CPU while a neighbour runs, nor the GC helper and compiler
 * threads' time. Far less noisy than wall time on this shared 2-core machine, so it is the
 * figure to compare builds by (`--metric cpu`); NaN where the file does not exist.
 */
function threadCpu() {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function run(dist) {
  const r = spawnSync(process.execPath, [__filename, '--child', dist, '--express', EXPRESS], { encoding: 'utf8', cwd: __dirname });
  if (r.status !== 0) throw new Error(`${dist} failed:\n${r.stderr}`);
  return r;
}

function main() {
  const builds = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && ['--rounds', '--express', '--metric'].includes(args[i - 1])));
  if (builds.length !== 2) throw new Error('usage: node bench/openapi-compare.js <dist A> <dist B> [--rounds N] [--express 4|5] [--metric wall|cpu]');
  const dists = builds.map((b) => path.resolve(b));
  const rounds = Number(option('rounds', '21'));
  const keys = ['declaration', 'openapi', 'serialise', 'total'];
  const rows = dists.map(() => Object.fromEntries(keys.map((k) => [k, []])));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const parsed = JSON.parse(run(dists[i]).stdout);
      const out = METRIC === 'cpu' ? parsed.cpu : parsed;
      for (const k of keys.slice(0, 3)) rows[i][k].push(out[k]);
      rows[i].total.push(out.declaration + out.openapi + out.serialise);
    }
    process.stderr.write(`round ${round + 1}/${rounds}\n`);
  }
  const cell = (v) => `${v >= 0 ? ' ' : ''}${v.toFixed(1)} ms`.padStart(10);
  console.log(`Express ${EXPRESS}, ${rounds} rounds, medians (${METRIC === 'cpu' ? 'main-thread CPU' : 'wall'})`);
  console.log(`| build | ${keys.join(' | ')} |`);
  console.log(`| --- | ${keys.map(() => '---:').join(' | ')} |`);
  dists.forEach((dist, i) => console.log(`| ${dist} | ${keys.map((k) => cell(median(rows[i][k]))).join(' | ')} |`));
  console.log(`| B − A, paired | ${keys.map((k) => cell(median(rows[1][k].map((v, r) => v - rows[0][k][r])))).join(' | ')} |`);
}
