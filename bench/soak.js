'use strict';
// Soak: a few hundred thousand mixed requests at the example app, checking every response, and
// the server's heap after GC, listeners and connections before and after. Not a unit test and
// not a micro-benchmark: nothing is pinned, the figures are for leaks and errors, not speed.
//
// Usage: npm run build && node bench/soak.js [--requests 300000] [--phases 6] [--warmup 20000]
//          [--connections 32] [--pipelining 4] [--agents 4] [--timeout 10000]
//          [--express 5|4] [--json results.json]
//
// The server is the example app (example-app/app.js, which loads dist/ through the package's
// self-reference) in a CHILD process started with `node --expose-gc`. The child adds a few
// declared routes to the example's `api` (205, 304, throwing and rejecting handlers, 1xx
// statuses, a 204 whose handler writes a body, a write after end) and an error handler that
// counts its invocations, then listens on an ephemeral port. On request over IPC it reports
// process.memoryUsage() after global.gc() (three times, 50 ms apart), its connection count, the
// listener counts of the server and the process, and its error-handler and warning counts.
//
// The load (this process) is a raw HTTP/1.1 client on `node:net`: `--connections` keep-alive
// sockets, each with up to `--pipelining` requests in flight, plus `--agents` sequential clients
// on Node's http.Agent({ keepAlive: true, maxSockets: 1 }) (an independent parser: llhttp). Each
// connection walks the same cycle of ~30 requests (below). EVERY response is checked: its
// status, its body (JSON content where known), and the body rules: 204/304 without
// Content-Type/Content-Length/Transfer-Encoding, 205 with Content-Length: 0 and no Content-Type,
// HEAD without body bytes and with the Content-Length GET sends; no `Connection: close`. The raw
// parser follows RFC 9112 §6.3 (HEAD, 204 and 304 have no content whatever the headers say), so a
// stray body byte after such a response shows up as a broken status line of the next pipelined
// response, or as bytes arriving on an idle connection: both are counted.
//
// Run: warm-up (--warmup requests, not measured), then heap after GC = "start", then --phases
// equal phases of --requests / --phases requests, heap after GC after each; then the items the
// run created are deleted, every client connection is closed, and a final snapshot is taken
// (the server must be back to 0 connections and the example's store to its initial items).
// Memory verdict: flat when heapUsed after GC at the end of the last phase is at most
// max(2 MiB, 10% of start) above the start value. Exit code 1 on any error, any mismatch
// between the child's error-handler count and the erroring requests sent, any listener count
// that changed, a connection left open, or memory not flat.

const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const os = require('node:os');
const fs = require('node:fs');
const crypto = require('node:crypto');
const { spawn, execFileSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..');

// ---------------------------------------------------------------------------------------------
// Child: the example app plus a few routes, answering stats over IPC
// ---------------------------------------------------------------------------------------------

const PROCESS_EVENTS = [
  'warning', 'uncaughtException', 'unhandledRejection', 'exit', 'beforeExit',
  'SIGINT', 'SIGTERM', 'message', 'disconnect',
];

function runChild(childOpts) {
  const Module = require('node:module');
  const exampleDir = path.join(ROOT, 'example-app');
  let expressVersion;
  let injected = false;
  if (childOpts.express === 4) {
    // The example app has no hook to inject express: alias the module it resolves ('express',
    // Express 5) to Express 4 (the devDependency `express4`) before it is first required. The
    // library never requires express itself (it finds Router from the wrapped app).
    const e5path = require.resolve('express', { paths: [exampleDir] });
    const e4 = require('express4');
    const m = new Module(e5path, module);
    m.filename = e5path;
    m.loaded = true;
    m.exports = e4;
    require.cache[e5path] = m;
    expressVersion = require('express4/package.json').version;
    injected = true;
  } else {
    expressVersion = require(require.resolve('express/package.json', { paths: [exampleDir] })).version;
  }

  const warnings = {};
  process.on('warning', (w) => {
    const key = `${w.name}:${w.code ?? ''}`;
    warnings[key] = (warnings[key] ?? 0) + 1;
  });

  const { app, api } = require(path.join(exampleDir, 'app.js'));
  if (injected) {
    const e4 = require('express4');
    if (app.handle !== e4.application.handle) throw new Error('express 4 injection failed');
  }

  // Extra declared routes on the example's own `api`.
  api.post('/soak/reset', { statusCode: 205 }, function resetView(req, res) {
    res.json({ reset: true }); // body must be dropped: 205, Content-Length: 0
  });
  api.get('/soak/nocontent', { statusCode: 204 }, function noContentJson(req, res) {
    res.json({ dropped: true }); // body must be dropped
  });
  api.get('/soak/write204', { statusCode: 204 }, function noContentWrite(req, res) {
    res.write('abc');
    res.end('def');
  });
  api.get('/soak/writehead205', function writeHead205(req, res) {
    res.writeHead(205, { 'Content-Type': 'text/plain' });
    res.status(200); // too late: the head says 205
    res.end('xyz');
  });
  api.get('/soak/not-modified', function notModified(req, res) {
    res.set('ETag', '"nm-1"');
    res.status(304).json({ dropped: true });
  });
  api.get('/soak/etag', function conditional(req, res) {
    res.set('ETag', '"soak-v1"'); // Express answers 304 to a matching If-None-Match
    return { v: 1 };
  });
  api.get('/soak/throw', function throws() {
    throw new Error('soak: thrown');
  });
  api.get('/soak/reject', async function rejects() {
    await null;
    throw new Error('soak: rejected');
  });
  api.get('/soak/interim', function interimStatus(req, res) {
    res.status(103).json({ nope: true });
  });
  api.get('/soak/interim-writehead', function interimWriteHead(req, res) {
    res.writeHead(100);
    res.end('x');
  });
  api.get('/soak/interim-statuscode', function interimStatusCode(req, res) {
    res.statusCode = 102;
    res.send('x');
  });
  api.get('/soak/late', function lateWrite(req, res) {
    res.end('done');
    res.write('late'); // dropped by the library (bare Express: uncaught ERR_STREAM_WRITE_AFTER_END)
  });

  const errorCounts = {};
  let afterHeadersSent = 0;
  app.use(function soakErrorHandler(err, req, res, next) {
    const key = err.code ?? err.type ?? err.name ?? 'unknown';
    errorCounts[key] = (errorCounts[key] ?? 0) + 1;
    if (res.headersSent) {
      afterHeadersSent++;
      next(err);
      return;
    }
    const code = Number.isInteger(err.status) && err.status >= 400 && err.status <= 599 ? err.status : 500;
    res.status(code).json({ error: key });
  });

  let requests = 0;
  const server = app.listen(0, '127.0.0.1', () => {
    process.send({ type: 'ready', port: server.address().port, expressVersion, injected, pid: process.pid });
  });
  // Long enough that no idle keep-alive connection is closed during a GC pause between phases.
  server.keepAliveTimeout = 60_000;
  server.on('request', () => { requests++; });

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const listenerCounts = (emitter, names) =>
    Object.fromEntries(names.map((n) => [n, emitter.listenerCount(n)]));

  process.on('message', async (msg) => {
    if (msg.type === 'stats') {
      global.gc();
      await sleep(50);
      global.gc();
      await sleep(50);
      global.gc();
      const mem = process.memoryUsage();
      const connections = await new Promise((r) => server.getConnections((e, n) => r(e ? -1 : n)));
      const router = app._router ?? app.router;
      const v8 = require('node:v8').getHeapStatistics();
      process.send({
        type: 'stats',
        id: msg.id,
        mem,
        cpu: process.cpuUsage(),
        connections,
        requests,
        serverListeners: listenerCounts(server, server.eventNames()),
        processListeners: listenerCounts(process, PROCESS_EVENTS),
        activeHandles: process._getActiveHandles().length,
        routerLayers: router.stack.length,
        openapiPaths: Object.keys(api.openapi().paths).length,
        nativeContexts: v8.number_of_native_contexts,
        detachedContexts: v8.number_of_detached_contexts,
        errorCounts: { ...errorCounts },
        afterHeadersSent,
        warnings: { ...warnings },
      });
    } else if (msg.type === 'exit') {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    }
  });
  process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// Driver: options
// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = {
    requests: 300_000, phases: 6, warmup: 20_000, connections: 32, pipelining: 4, agents: 4,
    timeout: 10_000, express: 5, json: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const key = a.replace(/^--/, '');
    if (!(key in opts) || !a.startsWith('--')) throw new Error(`unknown option ${a}`);
    const v = argv[++i];
    if (v === undefined) throw new Error(`${a} needs a value`);
    opts[key] = key === 'json' ? v : Number(v);
    if (key !== 'json' && !(Number.isInteger(opts[key]) && opts[key] >= 0)) throw new Error(`bad ${a} ${v}`);
  }
  if (opts.express !== 4 && opts.express !== 5) throw new Error('--express 4 or 5');
  if (opts.phases < 1 || opts.connections + opts.agents < 1 || opts.pipelining < 1) throw new Error('bad options');
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Driver: error accounting
// ---------------------------------------------------------------------------------------------

const tally = {
  responses: 0,
  wrongStatus: 0,       // status other than expected (incl. a 1xx received as a response)
  badBody: 0,           // wrong content where content is known (JSON, lengths, ETag)
  noBodyViolations: 0,  // 204/205/304/HEAD rules: headers or body bytes
  framing: 0,           // unparsable bytes (e.g. stray body bytes after a no-body response)
  strayBytes: 0,        // bytes on a connection with no request in flight
  connectionClose: 0,   // `Connection: close` or the server closing a keep-alive connection
  socketErrors: 0,
  timeouts: 0,
  lost: 0,              // requests in flight on a connection that failed
  newSockets: 0,        // http.Agent clients that had to open another socket
  byStatus: {},
  byStep: {},
  erroring: 0,          // requests sent that must reach the error handler (answered)
  samples: [],
};

function fail(kind, step, detail) {
  tally[kind]++;
  if (tally.samples.length < 20) tally.samples.push(`${kind} ${step}: ${detail}`);
}

function errorTotal() {
  return tally.wrongStatus + tally.badBody + tally.noBodyViolations + tally.framing + tally.strayBytes +
    tally.connectionClose + tally.socketErrors + tally.timeouts + tally.lost + tally.newSockets;
}

// ---------------------------------------------------------------------------------------------
// Driver: the request cycle
// ---------------------------------------------------------------------------------------------

// Known at setup: fixed items (never modified), the OpenAPI document's ETag and length.
const known = { fixed: [], openapiEtag: '', openapiLength: 0, openapiBody: null };

const has = (res, name) => res.headers[name] !== undefined;

function checkNoBody(res) {
  // 204 and 304: nothing describing a body (RFC 9110 §8.6, RFC 9112 §6.1).
  if (has(res, 'content-type') || has(res, 'content-length') || has(res, 'transfer-encoding')) {
    return `body headers on ${res.status}: ${JSON.stringify(res.headers)}`;
  }
  if (res.body.length !== 0) return `body bytes on ${res.status}`;
  if (res.status === 204 && has(res, 'etag')) return 'ETag on 204';
  return null;
}

function check205(res) {
  if (res.headers['content-length'] !== '0' || has(res, 'content-type') || has(res, 'transfer-encoding') ||
      has(res, 'etag') || res.body.length !== 0) {
    return `bad 205 head ${JSON.stringify(res.headers)} body ${res.body.length}`;
  }
  return null;
}

function json(res) {
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const jsonError = (key) => (res) => {
  const b = json(res);
  return b && b.error === key ? null : `expected {error:${key}}, got ${res.body.toString('latin1').slice(0, 80)}`;
};
const itemNotFound = (res) => {
  const b = json(res);
  return b && b.detail === 'Item not found' ? null : `expected 404 detail, got ${res.body.toString('latin1').slice(0, 80)}`;
};

/**
 * The cycle every connection walks. `build(state)` returns the request and what to expect:
 * `expect` (status), `noBody` ('none' for 204/304, '205', 'head'), `check(res)` for content,
 * `done(res)` to update the connection's state, `erroring` when the error handler must run.
 * A request never depends on the effect of another request still in flight on its connection
 * (pipelined handlers run concurrently when bodies are parsed asynchronously).
 */
const CYCLE = [
  {
    name: 'POST /items 201',
    build: (s) => ({
      method: 'POST', path: '/items', body: JSON.stringify({ name: 'soak', quantity: 1, warehouseId: `w${s.id % 4}` }),
      expect: 201,
      check: (res) => {
        const b = json(res);
        return b && typeof b.id === 'string' && b.name === 'soak' ? null : 'bad created item';
      },
      done: (res) => { s.ready.push({ id: json(res).id, inflight: 0 }); },
    }),
  },
  {
    name: 'GET /items/:id 200',
    build: (s) => {
      const f = known.fixed[s.id % known.fixed.length];
      return { method: 'GET', path: `/items/${f.id}`, expect: 200, check: (res) => (res.body.toString() === f.body ? null : 'fixed item body differs') };
    },
  },
  {
    name: 'HEAD /items/:id 200',
    build: (s) => {
      const f = known.fixed[s.id % known.fixed.length];
      return {
        method: 'HEAD', path: `/items/${f.id}`, expect: 200, noBody: 'head',
        check: (res) => (res.headers['content-length'] === String(Buffer.byteLength(f.body)) &&
          /^application\/json/.test(res.headers['content-type'] ?? '') ? null : `HEAD head differs from GET: ${JSON.stringify(res.headers)}`),
      };
    },
  },
  { name: 'GET /items 200', build: () => ({ method: 'GET', path: '/items', expect: 200, check: (res) => (Array.isArray(json(res)) ? null : 'not an array') }) },
  {
    name: 'PUT /items/:id 200|404',
    build: (s) => {
      const own = s.ready[0];
      if (own === undefined) return { method: 'PUT', path: '/items/missing', body: '{"name":"x"}', expect: 404, check: itemNotFound };
      own.inflight++;
      return {
        method: 'PUT', path: `/items/${own.id}`, body: JSON.stringify({ name: 'soak2', quantity: 2 }), expect: 200,
        check: (res) => { const b = json(res); return b && b.id === own.id && b.name === 'soak2' ? null : 'bad replaced item'; },
        settle: () => { own.inflight--; },
      };
    },
  },
  { name: 'POST /soak/reset 205 (res.json)', build: () => ({ method: 'POST', path: '/soak/reset', body: '{}', expect: 205, noBody: '205' }) },
  { name: 'GET 204 (res.json)', build: () => ({ method: 'GET', path: '/soak/nocontent', expect: 204, noBody: 'none' }) },
  { name: 'HEAD 204', build: () => ({ method: 'HEAD', path: '/soak/nocontent', expect: 204, noBody: 'none' }) },
  { name: 'GET 204 (write+end)', build: () => ({ method: 'GET', path: '/soak/write204', expect: 204, noBody: 'none' }) },
  { name: 'GET 205 (writeHead, then status(200))', build: () => ({ method: 'GET', path: '/soak/writehead205', expect: 205, noBody: '205' }) },
  {
    name: 'GET 304 (status(304).json)',
    build: () => ({ method: 'GET', path: '/soak/not-modified', expect: 304, noBody: 'none', check: (res) => (res.headers.etag === '"nm-1"' ? null : 'lost ETag on 304') }),
  },
  {
    name: 'GET If-None-Match 304',
    build: () => ({ method: 'GET', path: '/soak/etag', headers: { 'If-None-Match': '"soak-v1"' }, expect: 304, noBody: 'none', check: (res) => (res.headers.etag === '"soak-v1"' ? null : 'lost ETag on 304') }),
  },
  { name: 'GET ETag 200', build: () => ({ method: 'GET', path: '/soak/etag', expect: 200, check: (res) => (res.headers.etag === '"soak-v1"' && json(res)?.v === 1 ? null : 'bad etag 200') }) },
  {
    name: 'GET /openapi.json If-None-Match 304',
    build: () => ({ method: 'GET', path: '/openapi.json', headers: { 'If-None-Match': known.openapiEtag }, expect: 304, noBody: 'none', check: (res) => (res.headers.etag === known.openapiEtag ? null : 'ETag differs on 304') }),
  },
  {
    name: 'HEAD /openapi.json 200',
    build: () => ({
      method: 'HEAD', path: '/openapi.json', expect: 200, noBody: 'head',
      check: (res) => (res.headers.etag === known.openapiEtag && res.headers['content-length'] === String(known.openapiLength) ? null : `HEAD head differs: ${JSON.stringify(res.headers)}`),
    }),
  },
  {
    name: 'GET /openapi.json 200',
    build: () => ({ method: 'GET', path: '/openapi.json', expect: 200, check: (res) => (res.headers.etag === known.openapiEtag && res.body.equals(known.openapiBody) ? null : 'document differs') }),
  },
  { name: 'GET throw 500', build: () => ({ method: 'GET', path: '/soak/throw', expect: 500, erroring: true, check: jsonError('Error') }) },
  { name: 'GET reject 500', build: () => ({ method: 'GET', path: '/soak/reject', expect: 500, erroring: true, check: jsonError('Error') }) },
  { name: 'GET status(103) 500', build: () => ({ method: 'GET', path: '/soak/interim', expect: 500, erroring: true, check: jsonError('ERR_INVALID_RESPONSE_STATUS') }) },
  { name: 'GET writeHead(100) 500', build: () => ({ method: 'GET', path: '/soak/interim-writehead', expect: 500, erroring: true, check: jsonError('ERR_INVALID_RESPONSE_STATUS') }) },
  { name: 'GET statusCode=102 500', build: () => ({ method: 'GET', path: '/soak/interim-statuscode', expect: 500, erroring: true, check: jsonError('ERR_INVALID_RESPONSE_STATUS') }) },
  {
    name: 'DELETE /items/:id 204|404',
    build: (s) => {
      const i = s.ready.findIndex((r) => r.inflight === 0);
      if (i === -1) return { method: 'DELETE', path: '/items/missing', expect: 404, check: itemNotFound };
      const [own] = s.ready.splice(i, 1);
      s.deleting.add(own.id);
      return {
        method: 'DELETE', path: `/items/${own.id}`, expect: 204, noBody: 'none',
        done: () => { s.gone.push(own.id); },
        settle: () => { s.deleting.delete(own.id); },
      };
    },
  },
  {
    name: 'GET deleted item 404',
    build: (s) => ({ method: 'GET', path: `/items/${s.gone[0] ?? 'missing'}`, expect: 404, check: itemNotFound }),
  },
  {
    name: 'DELETE deleted item 404',
    build: (s) => ({ method: 'DELETE', path: `/items/${s.gone.shift() ?? 'missing'}`, expect: 404, check: itemNotFound }),
  },
  { name: 'GET unknown route 404', build: () => ({ method: 'GET', path: '/no/such/route', expect: 404 }) },
  {
    name: 'POST /items bad JSON 400',
    build: () => ({ method: 'POST', path: '/items', body: '{"name":', expect: 400, erroring: true, check: jsonError('entity.parse.failed') }),
  },
  { name: 'GET write after end 200', build: () => ({ method: 'GET', path: '/soak/late', expect: 200, check: (res) => (res.body.toString() === 'done' ? null : 'late write reached the wire') }) },
  { name: 'GET /warehouses/:w/items 200', build: (s) => ({ method: 'GET', path: `/warehouses/w${s.id % 4}/items`, expect: 200, check: (res) => (Array.isArray(json(res)) ? null : 'not an array') }) },
  { name: 'GET /docs 200', build: () => ({ method: 'GET', path: '/docs', expect: 200, check: (res) => (/^text\/html/.test(res.headers['content-type'] ?? '') ? null : 'docs not html') }) },
  { name: 'GET /redoc 200', build: () => ({ method: 'GET', path: '/redoc', expect: 200, check: (res) => (/^text\/html/.test(res.headers['content-type'] ?? '') ? null : 'redoc not html') }) },
];

function newState(id) {
  return { id, step: id % CYCLE.length, ready: [], gone: [], deleting: new Set() };
}

function nextRequest(state) {
  const stepDef = CYCLE[state.step];
  state.step = (state.step + 1) % CYCLE.length;
  const r = stepDef.build(state);
  r.name = stepDef.name;
  return r;
}

/** Checks one response against its request; `res` = { status, headers (lower-case, joined), body }. */
function validate(req, res) {
  tally.responses++;
  tally.byStatus[res.status] = (tally.byStatus[res.status] ?? 0) + 1;
  tally.byStep[req.name] = (tally.byStep[req.name] ?? 0) + 1;
  let ok = true;
  if (res.status !== req.expect) {
    fail('wrongStatus', req.name, `got ${res.status}, expected ${req.expect}`);
    ok = false;
  }
  if ((res.headers.connection ?? '').toLowerCase() === 'close') {
    fail('connectionClose', req.name, 'Connection: close');
    ok = false;
  }
  if (ok && req.noBody !== undefined) {
    let problem = null;
    if (req.noBody === 'none') problem = checkNoBody(res);
    else if (req.noBody === '205') problem = check205(res);
    else if (req.noBody === 'head' && res.body.length !== 0) problem = 'body bytes on HEAD';
    if (problem) {
      fail('noBodyViolations', req.name, problem);
      ok = false;
    }
  }
  if (ok && req.check) {
    const problem = req.check(res);
    if (problem) {
      fail('badBody', req.name, problem);
      ok = false;
    }
  }
  if (ok && req.erroring) tally.erroring++;
  if (ok && req.done) req.done(res);
  if (req.settle) req.settle();
}

function abandon(req) {
  if (req.settle) req.settle();
}

// ---------------------------------------------------------------------------------------------
// Driver: load budget shared by all clients
// ---------------------------------------------------------------------------------------------

const budget = {
  remaining: 0,
  outstanding: 0,
  onIdle: null,
  take() {
    if (this.remaining <= 0) return false;
    this.remaining--;
    this.outstanding++;
    return true;
  },
  finish() {
    this.outstanding--;
    if (this.remaining <= 0 && this.outstanding === 0 && this.onIdle) {
      const f = this.onIdle;
      this.onIdle = null;
      setImmediate(f);
    }
  },
};

function formatRequest(r) {
  let s = `${r.method} ${r.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`;
  if (r.headers) for (const [k, v] of Object.entries(r.headers)) s += `${k}: ${v}\r\n`;
  if (r.body !== undefined) s += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(r.body)}\r\n`;
  return `${s}\r\n${r.body ?? ''}`;
}

// ---------------------------------------------------------------------------------------------
// Driver: raw pipelined keep-alive connection
// ---------------------------------------------------------------------------------------------

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
class Incomplete extends Error {}

/** Decodes a chunked body at `start`; returns { body, end } or throws Incomplete / Error. */
function parseChunked(buf, start) {
  const parts = [];
  let pos = start;
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, pos);
    if (lineEnd === -1) throw new Incomplete();
    const sizeText = buf.subarray(pos, lineEnd).toString('latin1').split(';')[0].trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new Error(`bad chunk size ${JSON.stringify(sizeText)}`);
    const size = parseInt(sizeText, 16);
    pos = lineEnd + 2;
    if (size === 0) {
      for (;;) {
        const tEnd = buf.indexOf(CRLF, pos);
        if (tEnd === -1) throw new Incomplete();
        const empty = tEnd === pos;
        pos = tEnd + 2;
        if (empty) return { body: Buffer.concat(parts), end: pos };
      }
    }
    if (buf.length < pos + size + 2) throw new Incomplete();
    parts.push(buf.subarray(pos, pos + size));
    pos += size + 2;
  }
}

class RawConnection {
  constructor(id, port, depth, timeout) {
    this.id = id;
    this.port = port;
    this.depth = depth;
    this.timeout = timeout;
    this.state = newState(id);
    this.queue = [];
    this.buf = null;
    this.socket = null;
    this.connect();
  }

  connect() {
    this.buf = null;
    const socket = net.connect({ port: this.port, host: '127.0.0.1' });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => {
      if (socket !== this.socket) return;
      fail('socketErrors', `conn ${this.id}`, err.code ?? err.message);
      this.reset();
    });
    socket.on('close', () => {
      if (socket !== this.socket || this.closing) return;
      fail('connectionClose', `conn ${this.id}`, `server closed the connection (${this.queue.length} in flight)`);
      this.reset();
    });
  }

  /** The connection failed: count what was in flight as lost, open a new one. */
  reset() {
    const old = this.socket;
    this.socket = null;
    if (old) old.destroy();
    for (const req of this.queue) {
      tally.lost++;
      abandon(req);
      budget.finish();
    }
    this.queue = [];
    if (!this.closing) {
      this.connect();
      this.pump();
    }
  }

  pump() {
    if (this.socket === null) return;
    let out = '';
    while (this.queue.length < this.depth && budget.take()) {
      const req = nextRequest(this.state);
      req.sentAt = Date.now();
      this.queue.push(req);
      out += formatRequest(req);
    }
    if (out) this.socket.write(out);
  }

  onData(chunk) {
    let buf = this.buf === null ? chunk : Buffer.concat([this.buf, chunk]);
    let pos = 0;
    while (this.queue.length > 0 && pos < buf.length) {
      const req = this.queue[0];
      const he = buf.indexOf(HEADER_END, pos);
      if (he === -1) break;
      const lines = buf.subarray(pos, he).toString('latin1').split('\r\n');
      const m = /^HTTP\/1\.1 (\d{3})(?: .*)?$/.exec(lines[0]);
      if (!m) {
        const prev = this.lastNoBody ? ` (after ${this.lastNoBody})` : '';
        fail('framing', req.name, `bad status line ${JSON.stringify(lines[0].slice(0, 60))}${prev}`);
        this.reset();
        return;
      }
      const status = Number(m[1]);
      const headers = {};
      for (let i = 1; i < lines.length; i++) {
        const c = lines[i].indexOf(':');
        const k = lines[i].slice(0, c).trim().toLowerCase();
        const v = lines[i].slice(c + 1).trim();
        headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
      }
      const bodyStart = he + 4;
      let end;
      let body;
      if (status < 200) {
        // A 1xx: interim by HTTP's rules, a final response must follow (none will).
        fail('wrongStatus', req.name, `interim ${status} received`);
        pos = bodyStart;
        continue;
      }
      if (req.method === 'HEAD' || status === 204 || status === 304) {
        end = bodyStart;
        body = Buffer.alloc(0);
      } else if (headers['transfer-encoding'] !== undefined) {
        if (!/(^|,)\s*chunked\s*$/i.test(headers['transfer-encoding'])) {
          fail('framing', req.name, `close-delimited body (${headers['transfer-encoding']})`);
          this.reset();
          return;
        }
        try {
          ({ body, end } = parseChunked(buf, bodyStart));
        } catch (e) {
          if (e instanceof Incomplete) break;
          fail('framing', req.name, e.message);
          this.reset();
          return;
        }
      } else if (headers['content-length'] !== undefined) {
        if (!/^\d+$/.test(headers['content-length'])) {
          fail('framing', req.name, `bad Content-Length ${headers['content-length']}`);
          this.reset();
          return;
        }
        end = bodyStart + Number(headers['content-length']);
        if (buf.length < end) break;
        body = buf.subarray(bodyStart, end);
      } else {
        fail('framing', req.name, `no framing on ${status} (close-delimited)`);
        this.reset();
        return;
      }
      this.queue.shift();
      pos = end;
      this.lastNoBody = req.method === 'HEAD' || status === 204 || status === 205 || status === 304 ? `${req.name} -> ${status}` : undefined;
      validate(req, { status, headers, body });
      budget.finish();
    }
    if (this.queue.length === 0 && pos < buf.length) {
      fail('strayBytes', this.lastNoBody ?? `conn ${this.id}`, `${buf.length - pos} bytes with no request in flight: ${JSON.stringify(buf.subarray(pos, pos + 40).toString('latin1'))}`);
      pos = buf.length;
    }
    this.buf = pos < buf.length ? buf.subarray(pos) : null;
    this.pump();
  }

  checkTimeout(now) {
    if (this.queue.length > 0 && now - this.queue[0].sentAt > this.timeout) {
      fail('timeouts', this.queue[0].name, `no response in ${this.timeout} ms`);
      this.queue.shift().settle?.();
      budget.finish();
      this.reset();
    }
  }

  close() {
    this.closing = true;
    if (this.socket) this.socket.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Driver: sequential client on Node's http.Agent (keep-alive, one socket)
// ---------------------------------------------------------------------------------------------

class AgentClient {
  constructor(id, port, timeout) {
    this.id = id;
    this.port = port;
    this.timeout = timeout;
    this.state = newState(id);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    this.sockets = new Set();
    this.busy = false;
  }

  pump() {
    if (this.busy || !budget.take()) return;
    this.busy = true;
    const req = nextRequest(this.state);
    const headers = { ...req.headers };
    if (req.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(req.body);
    }
    let settled = false;
    const finish = () => {
      settled = true;
      this.busy = false;
      budget.finish();
      this.pump();
    };
    const r = http.request({ host: '127.0.0.1', port: this.port, method: req.method, path: req.path, headers, agent: this.agent, timeout: this.timeout }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (settled) return;
        const h = {};
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const k = res.rawHeaders[i].toLowerCase();
          h[k] = h[k] === undefined ? res.rawHeaders[i + 1] : `${h[k]}, ${res.rawHeaders[i + 1]}`;
        }
        validate(req, { status: res.statusCode, headers: h, body: Buffer.concat(chunks) });
        finish();
      });
    });
    r.on('socket', (socket) => {
      if (!this.sockets.has(socket)) {
        if (this.sockets.size > 0) tally.newSockets++;
        this.sockets.add(socket);
      }
    });
    r.on('timeout', () => {
      if (settled) return;
      fail('timeouts', req.name, `no response in ${this.timeout} ms (agent)`);
      abandon(req);
      r.destroy();
      finish();
    });
    r.on('error', (err) => {
      if (settled) return;
      fail('socketErrors', req.name, `${err.code ?? ''} ${err.message} (agent)`);
      tally.lost++;
      abandon(req);
      finish();
    });
    r.end(req.body);
  }

  checkTimeout() {}

  close() {
    this.agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Driver: main
// ---------------------------------------------------------------------------------------------

let sideRequests = 0; // setup and cleanup requests, outside the load

function request(port, method, p, body, headers = {}) {
  sideRequests++;
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    if (body !== undefined) {
      h['Content-Type'] = 'application/json';
      h['Content-Length'] = Buffer.byteLength(body);
    }
    const r = http.request({ host: '127.0.0.1', port, method, path: p, headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    r.on('error', reject);
    r.end(body);
  });
}

function distHash() {
  const dir = path.join(ROOT, 'dist');
  const h = crypto.createHash('sha1');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.js')).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

const MiB = 1024 * 1024;
const mb = (n) => (n / MiB).toFixed(2);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'index.js'))) {
    console.error('dist/ is missing: run `npm run build` first');
    process.exit(2);
  }
  const hashBefore = distHash();
  let nproc;
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    nproc = String(os.availableParallelism());
  }

  const child = spawn(process.execPath, ['--expose-gc', __filename, '--child', JSON.stringify({ express: opts.express })], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let childStderr = '';
  child.stderr.on('data', (d) => { childStderr += d; });
  let childExited = null;
  const pending = new Map();
  let ready;
  const readyP = new Promise((r) => { ready = r; });
  child.on('message', (msg) => {
    if (msg.type === 'ready') ready(msg);
    else if (msg.type === 'stats') pending.get(msg.id)?.(msg);
  });
  child.on('exit', (code, signal) => {
    childExited = { code, signal };
    if (!stopping) {
      console.error(`\nSERVER EXITED (code ${code}, signal ${signal}) during the run. stderr:\n${childStderr}`);
      process.exit(1);
    }
  });
  let stopping = false;
  let statsId = 0;
  const stats = () => new Promise((r) => {
    const id = ++statsId;
    pending.set(id, r);
    child.send({ type: 'stats', id });
  });

  const info = await readyP;
  const port = info.port;
  console.log(`soak: node ${process.version}, nproc ${nproc}, loadavg ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, ` +
    `express ${info.expressVersion}${info.injected ? ' (express4 aliased in for the example app)' : ''}, dist sha1 ${hashBefore}`);
  console.log(`      ${opts.requests} requests in ${opts.phases} phases after ${opts.warmup} warm-up; ` +
    `${opts.connections} raw connections x pipelining ${opts.pipelining} + ${opts.agents} http.Agent keep-alive clients; ` +
    `${CYCLE.length} request kinds`);

  // Setup: a few fixed items (never modified), the document's ETag and bytes.
  for (let i = 0; i < 8; i++) {
    const r = await request(port, 'POST', '/items', JSON.stringify({ name: `fixed-${i}`, quantity: i, warehouseId: `w${i % 4}` }));
    if (r.status !== 201) throw new Error(`setup: POST /items answered ${r.status}`);
    const item = JSON.parse(r.body);
    const g = await request(port, 'GET', `/items/${item.id}`);
    known.fixed.push({ id: item.id, body: g.body.toString() });
  }
  const doc = await request(port, 'GET', '/openapi.json');
  if (doc.status !== 200 || !doc.headers.etag) throw new Error('setup: GET /openapi.json failed');
  known.openapiEtag = doc.headers.etag;
  known.openapiLength = doc.body.length;
  known.openapiBody = doc.body;

  const clients = [];
  for (let i = 0; i < opts.connections; i++) clients.push(new RawConnection(i, port, opts.pipelining, opts.timeout));
  for (let i = 0; i < opts.agents; i++) clients.push(new AgentClient(opts.connections + i, port, opts.timeout));
  const timer = setInterval(() => {
    const now = Date.now();
    for (const c of clients) c.checkTimeout(now);
  }, 1000);

  const runLoad = (n) => new Promise((resolve) => {
    budget.remaining = n;
    budget.onIdle = resolve;
    for (const c of clients) c.pump();
    if (n === 0) resolve();
  });
  const settle = () => new Promise((r) => setTimeout(r, 50)); // late stray bytes land as strayBytes

  const wall = Date.now();
  await runLoad(opts.warmup);
  await settle();

  const snapshots = [];
  const snap = async (label, requests, seconds) => {
    const s = await stats();
    s.label = label;
    s.requestsDone = requests;
    s.seconds = seconds;
    s.errors = errorTotal();
    snapshots.push(s);
    const prev = snapshots[snapshots.length - 2];
    const cpu = prev ? ((s.cpu.user + s.cpu.system - prev.cpu.user - prev.cpu.system) / (s.requests - prev.requests)) : NaN;
    console.log(`${label.padEnd(10)} ${String(requests).padStart(8)} req ` +
      `${seconds ? `${seconds.toFixed(1).padStart(6)} s ${String(Math.round(requests / seconds)).padStart(6)} req/s` : ''.padStart(23)} ` +
      `heapUsed ${mb(s.mem.heapUsed).padStart(6)} MiB  heapTotal ${mb(s.mem.heapTotal).padStart(6)}  rss ${mb(s.mem.rss).padStart(7)}  ` +
      `ext ${mb(s.mem.external)}  conns ${s.connections}  ${Number.isFinite(cpu) ? `cpu/req ${cpu.toFixed(0)} µs  ` : ''}errors ${s.errors}`);
    return s;
  };

  await snap('start', 0, 0);
  const perPhase = Math.floor(opts.requests / opts.phases);
  let measuredRequests = 0;
  let measuredSeconds = 0;
  for (let p = 1; p <= opts.phases; p++) {
    const n = p === opts.phases ? opts.requests - perPhase * (opts.phases - 1) : perPhase;
    const t0 = process.hrtime.bigint();
    await runLoad(n);
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    measuredRequests += n;
    measuredSeconds += secs;
    await settle();
    await snap(`phase ${p}`, n, secs);
  }

  // Cleanup: delete what the run created; the store must be back to the fixed items.
  clearInterval(timer);
  let cleanupFailures = 0;
  for (const c of clients) {
    for (const own of c.state.ready) {
      const r = await request(port, 'DELETE', `/items/${own.id}`);
      if (r.status !== 204) cleanupFailures++;
    }
  }
  const list = JSON.parse((await request(port, 'GET', '/items')).body);
  const itemsLeft = list.length;
  const docAfter = await request(port, 'GET', '/openapi.json');
  for (const c of clients) c.close();
  await new Promise((r) => setTimeout(r, 300));
  const final = await snap('closed', 0, 0);
  const wallSeconds = (Date.now() - wall) / 1000;

  stopping = true;
  child.send({ type: 'exit' });
  await new Promise((r) => (childExited ? r() : child.once('exit', r)));
  const hashAfter = distHash();

  // ---- report ----
  const start = snapshots[0];
  const end = snapshots[snapshots.length - 2]; // after the last phase, connections still open
  const growth = end.mem.heapUsed - start.mem.heapUsed;
  const allowance = Math.max(2 * MiB, 0.1 * start.mem.heapUsed);
  const flat = growth <= allowance;
  const heaps = snapshots.slice(0, -1).map((s) => s.mem.heapUsed);
  const expectedErrors = Object.values(final.errorCounts).reduce((a, b) => a + b, 0);
  // The warm-up's erroring requests count too: the child counts since its start.
  const errorHandlerOk = expectedErrors === tally.erroring && final.afterHeadersSent === 0;
  const sameListeners = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const listenersOk = sameListeners(start.serverListeners, final.serverListeners) &&
    sameListeners(start.processListeners, final.processListeners) &&
    sameListeners(start.serverListeners, end.serverListeners) &&
    sameListeners(start.processListeners, end.processListeners);
  const structuresOk = start.routerLayers === final.routerLayers && start.openapiPaths === final.openapiPaths &&
    docAfter.headers.etag === known.openapiEtag;
  const connectionsOk = final.connections === 0;
  const storeOk = itemsLeft === known.fixed.length && cleanupFailures === 0;
  const errors = errorTotal();
  const sentTotal = opts.warmup + measuredRequests + sideRequests;
  const countOk = final.requests === sentTotal && tally.responses === opts.warmup + measuredRequests;

  console.log('');
  console.log(`requests: ${measuredRequests} measured in ${measuredSeconds.toFixed(1)} s = ${Math.round(measuredRequests / measuredSeconds)} req/s ` +
    `(+ ${opts.warmup} warm-up, + ${sideRequests} setup/cleanup; wall ${wallSeconds.toFixed(1)} s); ` +
    `responses checked ${tally.responses}; server counted ${final.requests} requests (expected ${sentTotal})`);
  console.log(`statuses: ${Object.entries(tally.byStatus).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  console.log(`errors: wrong status ${tally.wrongStatus}, bad body ${tally.badBody}, no-body rule violations ${tally.noBodyViolations}, ` +
    `framing ${tally.framing}, stray bytes ${tally.strayBytes}, connection closed ${tally.connectionClose}, ` +
    `socket errors ${tally.socketErrors}, timeouts ${tally.timeouts}, lost in flight ${tally.lost}, agent re-connects ${tally.newSockets}`);
  for (const s of tally.samples) console.log(`  ! ${s}`);
  console.log(`error handler: ${expectedErrors} invocations (${JSON.stringify(final.errorCounts)}), ` +
    `${tally.erroring} erroring requests answered, after headers sent ${final.afterHeadersSent}: ${errorHandlerOk ? 'match' : 'MISMATCH'}`);
  console.log(`heapUsed after GC: start ${mb(start.mem.heapUsed)} MiB, end ${mb(end.mem.heapUsed)} MiB (${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KiB, ` +
    `${(growth / measuredRequests).toFixed(2)} B/request), closed ${mb(final.mem.heapUsed)} MiB; per phase ${heaps.map(mb).join(' ')}`);
  console.log(`rss: start ${mb(start.mem.rss)} MiB, end ${mb(end.mem.rss)} MiB, closed ${mb(final.mem.rss)} MiB; ` +
    `native contexts ${start.nativeContexts} -> ${final.nativeContexts}, detached ${final.detachedContexts}`);
  console.log(`server listeners: start ${JSON.stringify(start.serverListeners)}, end ${JSON.stringify(end.serverListeners)}, closed ${JSON.stringify(final.serverListeners)}`);
  console.log(`process listeners: start ${JSON.stringify(start.processListeners)}, closed ${JSON.stringify(final.processListeners)}`);
  console.log(`connections: during ${end.connections}, after close ${final.connections}; active handles ${start.activeHandles} -> ${final.activeHandles}; ` +
    `router layers ${start.routerLayers} -> ${final.routerLayers}; documented paths ${start.openapiPaths} -> ${final.openapiPaths}; ` +
    `items left ${itemsLeft} (fixed ${known.fixed.length})`);
  console.log(`warnings in the server: ${JSON.stringify(final.warnings)}`);
  if (childStderr.trim()) console.log(`server stderr (${childStderr.split('\n').filter(Boolean).length} lines):\n${childStderr.trimEnd().split('\n').map((l) => `  | ${l}`).join('\n')}`);
  if (hashAfter !== hashBefore) console.log(`WARNING: dist/ changed during the run (${hashBefore} -> ${hashAfter})`);

  const problems = [];
  if (errors !== 0) problems.push(`${errors} request errors`);
  if (!errorHandlerOk) problems.push('error-handler count mismatch');
  if (!listenersOk) problems.push('listener counts changed');
  if (!connectionsOk) problems.push('connections left open');
  if (!structuresOk) problems.push('router/document changed');
  if (!storeOk) problems.push('store not back to its initial items');
  if (!flat) problems.push('heap grew');
  if (!countOk) problems.push('request counts differ (client vs server)');
  if (childExited && childExited.code !== 0) problems.push(`server exited with ${childExited.code}`);
  console.log(`\nverdict: memory ${flat ? 'FLAT' : 'NOT FLAT'} (criterion: end heapUsed after GC <= start + max(2 MiB, 10% of start) = ` +
    `+${(allowance / 1024).toFixed(0)} KiB; measured ${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KiB); ` +
    `${problems.length === 0 ? 'no errors, listeners and connections back to start: PASS' : `FAIL: ${problems.join(', ')}`}`);

  if (opts.json) {
    fs.writeFileSync(opts.json, JSON.stringify({ opts, node: process.version, nproc, express: info.expressVersion, dist: hashBefore, measuredRequests, measuredSeconds, tally, snapshots, itemsLeft, problems }, null, 2));
  }
  process.exit(problems.length === 0 ? 0 : 1);
}

if (process.argv[2] === '--child') {
  runChild(JSON.parse(process.argv[3]));
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
