// A write after the response finished never takes the process down. Bare Express emits
// ERR_STREAM_WRITE_AFTER_END as an 'error' nobody listens to (or throws ERR_HTTP_HEADERS_SENT
// from a timer): an uncaught exception. The servers run in a child process, which reports every
// 'uncaughtException' and 'unhandledRejection' on stdout, so a crash cannot hide inside Jest.

import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { EXPRESS_VERSIONS } from './helpers/express-versions';
import { rawExchange } from './helpers/raw-http';

/**
 * The child: loads the TypeScript sources of lib/ through a `require` hook (typescript's
 * transpileModule), builds three apps (declared routes, plain routes behind noBodyGuard(),
 * bare Express) with the same late-writing handlers, and prints their ports.
 */
const CHILD = String.raw`
const fs = require('node:fs');
const http = require('node:http');
const ts = require('typescript');
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
const report = (kind, err) => process.stdout.write(JSON.stringify({
  [kind]: { code: err && err.code, message: String(err && err.message), at: Date.now() },
}) + '\n');
process.on('uncaughtException', (err) => report('uncaught', err));
process.on('unhandledRejection', (err) => report('unhandledRejection', err));

const express = require(process.env.EXPRESS_MODULE);
const { createApi, noBodyGuard } = require(process.env.LIB_PATH);
const later = (fn) => setTimeout(fn, 5);
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const CASES = {
  'end-then-write': (req, res) => { res.end('a'); res.write('x'); },
  'end-then-end-data': (req, res) => { res.end('a'); res.end('x'); },
  'end-then-write-in-timer': (req, res) => { res.end('a'); later(() => res.write('x')); },
  'json-then-json-in-timer': (req, res) => { res.json({ first: 1 }); later(() => res.json({ late: 1 })); },
  'end-then-send-in-timer': (req, res) => { res.end('a'); later(() => res.send('late')); },
  'sendStatus-then-sendStatus-in-timer': (req, res) => { res.sendStatus(200); later(() => res.sendStatus(500)); },
  '204-end-then-write': (req, res) => { res.status(204).end(); res.write('x'); },
  'json-then-json-after-await': async (req, res) => { res.json({ first: 1 }); await delay(5); res.json({ late: 1 }); },
  'end-then-redirect-in-timer': (req, res) => { res.end('a'); later(() => res.redirect('/elsewhere')); },
  'end-then-status-send-in-timer': (req, res) => { res.end('a'); later(() => res.status(500).send('late error')); },
  'end-then-writeHead-in-timer': (req, res) => { res.end('a'); later(() => { res.writeHead(500); res.end('late'); }); },
};

function errorHandler(err, req, res, next) {
  if (res.headersSent) return;
  res.status(500).send('error handler');
}

function build(kind) {
  const app = express();
  if (kind === 'guarded') app.use(noBodyGuard());
  const api = kind === 'declared' ? createApi(app) : undefined;
  for (const [name, handler] of Object.entries(CASES)) {
    if (api) api.get('/case/' + name, handler);
    else app.get('/case/' + name, handler);
  }
  app.get('/second', (req, res) => res.send('SECOND'));
  app.use(errorHandler);
  return app;
}

const ports = {};
let pending = 3;
for (const kind of ['declared', 'guarded', 'bare']) {
  const server = http.createServer(build(kind));
  server.listen(0, '127.0.0.1', () => {
    ports[kind] = server.address().port;
    if (--pending === 0) process.stdout.write(JSON.stringify({ ports }) + '\n');
  });
}
`;

interface Reported {
  readonly kind: 'uncaught' | 'unhandledRejection';
  readonly code: unknown;
  readonly message: string;
}

/** The late-writing handlers (defined in the child) and what their first response sends. */
const CASES: ReadonlyArray<readonly [name: string, status: number, body: string]> = [
  ["res.end('a'); res.write('x')", 200, 'a'],
  ["res.end('a'); res.end('x')", 200, 'a'],
  ["res.end('a'); setTimeout(() => res.write('x'))", 200, 'a'],
  ['res.json(x); setTimeout(() => res.json(y))', 200, '{"first":1}'],
  ["res.end('a'); setTimeout(() => res.send('late'))", 200, 'a'],
  ['res.sendStatus(200); setTimeout(() => res.sendStatus(500))', 200, 'OK'],
  ["res.status(204).end(); res.write('x')", 204, ''],
  ['async: res.json(x); await delay; res.json(y)', 200, '{"first":1}'],
  ["res.end('a'); setTimeout(() => res.redirect('/elsewhere'))", 200, 'a'],
  ["res.end('a'); setTimeout(() => res.status(500).send('late error'))", 200, 'a'],
  ["res.end('a'); setTimeout(() => { res.writeHead(500); res.end('late') })", 200, 'a'],
];

const CASE_PATHS = [
  'end-then-write',
  'end-then-end-data',
  'end-then-write-in-timer',
  'json-then-json-in-timer',
  'end-then-send-in-timer',
  'sendStatus-then-sendStatus-in-timer',
  '204-end-then-write',
  'json-then-json-after-await',
  'end-then-redirect-in-timer',
  'end-then-status-send-in-timer',
  'end-then-writeHead-in-timer',
];

const table = CASES.map(([name, status, body], i) => ({ name, status, body, path: `/case/${CASE_PATHS[i] ?? ''}` }));

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const EXPRESS_MODULES: Readonly<Record<string, string>> = { 'express 5': 'express', 'express 4': 'express4' };

describe.each(EXPRESS_VERSIONS)('%s', (label) => {
  let child: ChildProcessWithoutNullStreams;
  let ports: Record<'declared' | 'guarded' | 'bare', number>;
  const reported: Reported[] = [];
  let stderr = '';

  beforeAll(async () => {
    child = spawn(process.execPath, ['-e', CHILD], {
      cwd: path.resolve(__dirname, '..'),
      env: {
        ...process.env,
        EXPRESS_MODULE: EXPRESS_MODULES[label] ?? 'express',
        LIB_PATH: path.resolve(__dirname, '../lib/index.ts'),
      },
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    ports = await new Promise((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        let nl: number;
        while ((nl = buffered.indexOf('\n')) !== -1) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          const msg = JSON.parse(line) as {
            ports?: Record<'declared' | 'guarded' | 'bare', number>;
            uncaught?: Omit<Reported, 'kind'>;
            unhandledRejection?: Omit<Reported, 'kind'>;
          };
          if (msg.ports) resolve(msg.ports);
          if (msg.uncaught) reported.push({ kind: 'uncaught', ...msg.uncaught });
          if (msg.unhandledRejection) reported.push({ kind: 'unhandledRejection', ...msg.unhandledRejection });
        }
      });
      child.on('exit', (code) => reject(new Error(`child exited (${String(code)}) before listening:\n${stderr}`)));
    });
  }, 20000);

  afterAll(() => {
    child.kill();
  });

  /** Runs one case on `server`: pipelined request + GET /second, timers, then a new request. */
  async function runCase(server: 'declared' | 'guarded' | 'bare', casePath: string) {
    const before = reported.length;
    const ex = await rawExchange(ports[server], [{ path: casePath }, { path: '/second' }], { timeoutMs: 1000 });
    await delay(40); // let the late writes in timers happen
    const after = await rawExchange(ports[server], [{ path: '/second' }], { timeoutMs: 1000 });
    const [first, second] = ex.responses;
    return {
      first: first === undefined ? undefined : `${first.status} ${first.body.toString()}`,
      second: second === undefined ? undefined : `${second.status} ${second.body.toString()}`,
      leftover: ex.leftover.toString('latin1'),
      closedByServer: ex.closedByServer,
      stillServing: after.responses[0] === undefined ? undefined : `${after.responses[0].status} ${after.responses[0].body.toString()}`,
      reported: reported.slice(before).map((r) => `${r.kind} ${String(r.code)}: ${r.message}`),
      childAlive: child.exitCode === null && child.signalCode === null,
    };
  }

  describe.each([
    ['declared routes', 'declared'],
    ['plain routes behind noBodyGuard()', 'guarded'],
  ] as const)('%s', (_where, server) => {
    it.each(table)('$name: dropped, no uncaught exception, the server keeps answering', async ({ path: p, status, body }) => {
      expect(await runCase(server, p)).toEqual({
        first: `${status} ${body}`,
        second: '200 SECOND',
        leftover: '',
        closedByServer: false,
        stillServing: '200 SECOND',
        reported: [],
        childAlive: true,
      });
    });
  });

  describe('bare Express (control): the late write is an uncaught exception', () => {
    // Not here: a write in a timer after 'close' (Node drops it: the response is destroyed by then),
    // and the async case (Express 5 catches the rejection; Express 4 leaves it unhandled).
    const crashing = table.filter((c) => !c.name.startsWith('async') && c.path !== '/case/end-then-write-in-timer');
    it.each(crashing)('$name', async ({ path: p }) => {
      const result = await runCase('bare', p);
      expect(result.reported.length).toBeGreaterThan(0);
      expect(result.reported.join('\n')).toMatch(/^uncaught (ERR_STREAM_WRITE_AFTER_END|ERR_HTTP_HEADERS_SENT)/m);
    });
  });
});
