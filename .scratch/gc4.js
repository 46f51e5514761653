const { performance } = require('perf_hooks');
const EX = process.env.EX || '5';
const express = require(EX === '4' ? 'express4' : 'express');
const kind = process.argv[2];
const { declarations, declareApi, declareBare } = require('/work/main/bench/openapi-routes');
const lib = require('/work/main/dist');
const list = declarations(10000);
const app = express();
const t0 = performance.now();
if (kind === 'bare') declareBare(express, app, list); else app.locals.api = declareApi(lib, app, list);
const t1 = performance.now();
let t2 = t1, t3 = t1;
if (kind !== 'bare') { t2 = performance.now(); app.locals.api.openapi(); t3 = performance.now(); }
console.error('MARK', kind, (t1 - t0).toFixed(1), (t3 - t2).toFixed(1));
