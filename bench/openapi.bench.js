'use strict';
// The OpenAPI document for 10,000 declared routes: what the library adds over bare Express.
//
// Usage: npm run build && node bench/openapi.bench.js [--rounds 9] [--routes 10000] [--express 4|5]
//
// Each round starts two fresh child processes, one declaring the routes on bare Express and one
// through createApi (order alternating between rounds), and reports medians over the rounds:
//   - declaration: time to declare all routes (bare Express vs createApi); the difference is
//     the library's declaration-time overhead;
//   - openapi(): the first api.openapi() (builds and freezes the document);
//   - first serialisation: the first HEAD /openapi.json over loopback HTTP (the handler builds
//     the JSON, the Buffer and the ETag; HEAD keeps the megabytes off the socket), after one
//     request elsewhere so the process's first HTTP exchange is not counted; then two GETs
//     served from the cache (these do include the loopback transfer);
//   - total = declaration overhead + openapi() + first serialisation: the API.md budget (100 ms).

const { spawnSync } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const { declarations, declareApi, declareBare } = require('./openapi-routes');

const args = process.argv.slice(2);
function arg(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
}
const ROUTES = Number(arg('routes', '10000'));
const ROUNDS = Number(arg('rounds', '9'));
const EXPRESS = arg('express', '5');

async function child(kind) {
  const express = require(EXPRESS === '4' ? 'express4' : 'express');
  const lib = kind === 'api' ? require('express-status-routes') : undefined;
  const list = declarations(ROUTES);
  const app = express();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  if (kind === 'bare') {
    declareBare(express, app, list);
  } else {
    app.locals.api = declareApi(lib, app, list);
  }
  const t1 = performance.now();
  const out = { kind, declaration: t1 - t0, declarationCpu: cpuMs(process.cpuUsage(c0)) };
  if (kind === 'api') {
    const api = app.locals.api;
    const c2 = process.cpuUsage();
    const t2 = performance.now();
    const doc = api.openapi();
    const t3 = performance.now();
    out.openapi = t3 - t2;
    out.openapiCpu = cpuMs(process.cpuUsage(c2));
    out.operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address();
    // One request that is not the document's first: the process's first HTTP exchange costs
    // milliseconds of its own (Node's parser, the socket, Express's request path, all cold),
    // which any app pays once and which says nothing about the document.
    out.warmUpStatus = (await getOpenApiJson(port, 'HEAD', '/not-the-document')).status;
    const c4 = process.cpuUsage();
    const t4 = performance.now();
    // HEAD: the handler serialises, hashes and sets Content-Length, but no 3.65 MB go over the
    // socket, so this times the library's work rather than the loopback transfer.
    const head = await getOpenApiJson(port, 'HEAD');
    const t5 = performance.now();
    out.firstSerialisationCpu = cpuMs(process.cpuUsage(c4));
    const first = await getOpenApiJson(port);
    const t6 = performance.now();
    const second = await getOpenApiJson(port);
    const t7 = performance.now();
    server.close();
    out.firstSerialisation = t5 - t4;
    out.cachedGet = t6 - t5;
    out.cachedCall = t7 - t6;
    out.bytes = first.body.length;
    out.sameBytes = out.warmUpStatus === 404 && head.status === 200 && head.etag === first.etag && first.status === 200 &&
      first.body.equals(second.body) && first.etag === second.etag;
  }
  process.stdout.write(JSON.stringify(out));
}

/** GET (or HEAD) /openapi.json over loopback HTTP: the body bytes and the ETag. */
function getOpenApiJson(port, method = 'GET', path = '/openapi.json') {
  const http = require('node:http');
  return new Promise((resolve, reject) => {
    http.request({ port, method, path, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ body: Buffer.concat(chunks), etag: res.headers.etag, status: res.statusCode }));
    }).on('error', reject).end();
  });
}

/** User + system CPU of the whole process (GC helper threads included), in ms. */
function cpuMs(usage) {
  return (usage.user + usage.system) / 1000;
}

function median(values) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function runChild(kind) {
  const r = spawnSync(process.execPath, [__filename, '--child', kind, '--routes', String(ROUTES), '--express', EXPRESS], {
    encoding: 'utf8',
    cwd: __dirname,
  });
  if (r.status !== 0) throw new Error(`child ${kind} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

function main() {
  const childKind = arg('child', undefined);
  if (childKind !== undefined) return void child(childKind).catch((err) => { console.error(err); process.exit(1); });
  const rows = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ['bare', 'api'] : ['api', 'bare'];
    const results = {};
    for (const kind of order) results[kind] = runChild(kind);
    const { bare, api } = results;
    const overhead = api.declaration - bare.declaration;
    const overheadCpu = api.declarationCpu - bare.declarationCpu;
    const row = {
      bare: bare.declaration, api: api.declaration, overhead,
      bareCpu: bare.declarationCpu, apiCpu: api.declarationCpu, overheadCpu,
      openapiCpu: api.openapiCpu, firstCpu: api.firstSerialisationCpu,
      totalCpu: overheadCpu + api.openapiCpu + api.firstSerialisationCpu,
      openapi: api.openapi, first: api.firstSerialisation, cachedGet: api.cachedGet, cached: api.cachedCall,
      total: overhead + api.openapi + api.firstSerialisation,
      bytes: api.bytes, operations: api.operations, sameBytes: api.sameBytes,
    };
    rows.push(row);
    process.stderr.write(`round ${round + 1}: ${JSON.stringify(row, (_k, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}\n`);
  }
  const m = (key) => median(rows.map((r) => r[key]));
  const fmt = (v) => `${v.toFixed(1)} ms`.padStart(10);
  const line = (label, wall, cpu) => console.log(`| ${label.padEnd(38)} | ${fmt(m(wall))} | ${cpu ? fmt(m(cpu)) : ''.padStart(10)} |`);
  const os = require('node:os');
  console.log(`Node ${process.version}, Express ${EXPRESS}, ${ROUTES} routes (${rows[0].operations} operations), ` +
    `${ROUNDS} rounds, medians; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
  console.log(`| ${'step'.padEnd(38)} | ${'wall'.padStart(10)} | ${'CPU'.padStart(10)} |`);
  console.log(`| ${'-'.repeat(38)} | ${'-'.repeat(9)}: | ${'-'.repeat(9)}: |`);
  line('declaration, bare Express', 'bare', 'bareCpu');
  line('declaration, createApi', 'api', 'apiCpu');
  line('declaration overhead', 'overhead', 'overheadCpu');
  line('openapi() (first call)', 'openapi', 'openapiCpu');
  line('first HEAD /openapi.json', 'first', 'firstCpu');
  line('then GET /openapi.json (cached)', 'cachedGet');
  line('second GET /openapi.json (cached)', 'cached');
  line('total (overhead + openapi + first HEAD)', 'total', 'totalCpu');
  console.log(`document: ${(rows[0].bytes / 1e6).toFixed(2)} MB; second GET served the same bytes and ETag: ${rows.every((r) => r.sameBytes)}`);
}

main();
