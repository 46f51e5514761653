// Property-based: a handler built from a random program of response calls, on a random method,
// on a declared route (random declared status) and behind noBodyGuard(), Express 4 and 5. Each
// case goes over one raw socket, pipelined with a `GET /second`; the bytes are parsed with the
// RFC 9112 parser of helpers/raw-http.
//
// Properties (API.md "Behaviour at request time"):
// - no 1xx on the wire at all (the programs never send an interim response on purpose), and the
//   final status is 200–599;
// - 204 / 304: no body bytes, no Content-Length, Content-Type or Transfer-Encoding;
// - 205: no body bytes, `Content-Length: 0`, no Content-Type or Transfer-Encoding;
// - 204 / 205: no ETag but the one the handler set itself (none computed from a dropped body);
// - HEAD: no body bytes, and the status GET gets for the same program;
// - the pipelined `GET /second` gets its own answer (`200 SECOND`), nothing is left over, and
//   nothing times out (a timeout is a failure);
// - the process never sees an uncaughtException.
//
// The one accepted exception to "the second request gets its answer": the connection may be
// closed by the server when, and only when, an error of this request reached Express's default
// error handler after the response's head was sent (API.md, rule 4: finalhandler then destroys
// the socket). A recording error middleware, installed before Express's default one, tells the
// test whether that happened for the request under test. Even then: no 1xx, no timeout, and
// whatever head was sent follows the body rules.
//
// Out of scope (not the library's rules): a handler that sets its own Content-Length on a
// response that may carry a body, and then writes another number of bytes, frames its own
// response wrongly (Node sends it as told); for such a response the "second request" check is
// skipped, only that one. Everything else is still checked.

import * as http from 'node:http';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import type { NextFunction, Request, Response } from 'express';
import { createApi, noBodyGuard } from '../lib';
import { EXPRESS_VERSIONS } from './helpers/express-versions';
import type { ExpressModule } from './helpers/express-versions';
import { describeExchange, header, rawExchange, startServer } from './helpers/raw-http';
import { fuzzParameters } from './helpers/fuzz';
import type { RawExchange, RawRequest, RunningServer } from './helpers/raw-http';

const STATUSES = [200, 201, 204, 205, 304, 404, 500, 100, 101, 103, 600] as const;
const DECLARED = [200, 201, 204, 205, 304, 404, 500] as const;
const METHODS = ['GET', 'HEAD', 'POST'] as const;
type Method = (typeof METHODS)[number];

const USER_ETAG = '"user-etag"';

type Op =
  | { readonly op: 'status'; readonly code: number }
  | { readonly op: 'statusCode='; readonly code: number }
  | { readonly op: 'set'; readonly name: string; readonly value: string }
  | { readonly op: 'write'; readonly chunk: string | 'buffer' }
  | { readonly op: 'end'; readonly chunk: string | 'buffer' | undefined }
  | { readonly op: 'json'; readonly value: unknown }
  | { readonly op: 'send'; readonly body: string | 'buffer' }
  | { readonly op: 'sendStatus'; readonly code: number }
  | { readonly op: 'writeHead'; readonly code: number; readonly headers: Record<string, string> | undefined }
  | { readonly op: 'pipe'; readonly chunks: readonly string[] }
  | { readonly op: 'throw' }
  | { readonly op: 'return'; readonly value: unknown; readonly async: boolean };

const status = fc.constantFrom(...STATUSES);
const chunk = fc.constantFrom('x', 'hello', '', 'buffer' as const, 'é');
const headerPair = fc.constantFrom<readonly [string, string]>(
  ['Content-Length', '0'],
  ['Content-Length', '1'],
  ['Content-Length', '7'],
  ['Transfer-Encoding', 'chunked'],
  ['Content-Type', 'text/plain'],
  ['Content-Type', 'application/json'],
  ['ETag', USER_ETAG],
  ['X-Custom', 'yes'],
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: status.map((code): Op => ({ op: 'status', code })) },
  { weight: 1, arbitrary: status.map((code): Op => ({ op: 'statusCode=', code })) },
  { weight: 3, arbitrary: headerPair.map(([name, value]): Op => ({ op: 'set', name, value })) },
  { weight: 3, arbitrary: chunk.map((c): Op => ({ op: 'write', chunk: c })) },
  { weight: 3, arbitrary: fc.option(chunk, { nil: undefined }).map((c): Op => ({ op: 'end', chunk: c })) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>({ a: 1 }, [1, 2], 'str', null, 0).map((value): Op => ({ op: 'json', value })) },
  { weight: 2, arbitrary: fc.constantFrom('x', 'hello', '', 'buffer' as const).map((body): Op => ({ op: 'send', body })) },
  { weight: 2, arbitrary: status.map((code): Op => ({ op: 'sendStatus', code })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(status, fc.option(fc.array(headerPair, { maxLength: 2 }), { nil: undefined }))
      .map(([code, pairs]): Op => ({ op: 'writeHead', code, headers: pairs === undefined ? undefined : Object.fromEntries(pairs) })),
  },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('a', 'bc', 'def'), { maxLength: 3 }).map((chunks): Op => ({ op: 'pipe', chunks })) },
  { weight: 1, arbitrary: fc.constant<Op>({ op: 'throw' }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom<unknown>({ r: 1 }, 'text', 0), fc.boolean()).map(([value, async]): Op => ({ op: 'return', value, async })) },
);

interface Case {
  readonly method: Method;
  readonly declared: (typeof DECLARED)[number];
  readonly ops: readonly Op[];
}

const testCase: fc.Arbitrary<Case> = fc.record({
  method: fc.constantFrom(...METHODS),
  declared: fc.constantFrom(...DECLARED),
  ops: fc.array(op, { minLength: 1, maxLength: 6 }),
});

function bytes(c: string | 'buffer'): string | Buffer {
  return c === 'buffer' ? Buffer.from('buf') : c;
}

/** What the server saw for the request under test. */
interface ServerRecord {
  /** Errors that reached the (recording) error middleware, and whether the head was sent then. */
  errorsAfterHead: number;
  errorsBeforeHead: number;
  /** The handler itself set a Content-Length (res.set / res.writeHead). */
  userContentLength: boolean;
}

let current: Case | undefined;
let record: ServerRecord = { errorsAfterHead: 0, errorsBeforeHead: 0, userContentLength: false };

/** Runs the current program on `res`; Express's and Node's own synchronous throws propagate. */
function runProgram(req: Request, res: Response): unknown {
  const program = current;
  if (program === undefined) throw new Error('no program');
  let terminal = false;
  let threw = false;
  try {
    for (const step of program.ops) {
      switch (step.op) {
        case 'status':
          res.status(step.code);
          break;
        case 'statusCode=':
          res.statusCode = step.code;
          break;
        case 'set':
          if (step.name === 'Content-Length') record.userContentLength = true;
          res.set(step.name, step.value);
          break;
        case 'write':
          res.write(bytes(step.chunk));
          break;
        case 'end':
          if (step.chunk === undefined) res.end();
          else res.end(bytes(step.chunk));
          break;
        case 'json':
          res.json(step.value);
          break;
        case 'send':
          res.send(bytes(step.body));
          break;
        case 'sendStatus':
          res.sendStatus(step.code);
          break;
        case 'writeHead':
          if (step.headers !== undefined && 'Content-Length' in step.headers) record.userContentLength = true;
          if (step.headers === undefined) res.writeHead(step.code);
          else res.writeHead(step.code, step.headers);
          break;
        case 'pipe':
          terminal = true;
          Readable.from(step.chunks.map((c) => Buffer.from(c))).pipe(res);
          return undefined;
        case 'throw':
          terminal = true;
          throw Object.assign(new Error('handler threw'), { expose: false });
        case 'return':
          return step.async ? Promise.resolve(step.value) : step.value;
      }
    }
    return undefined;
  } catch (err) {
    threw = true;
    throw err;
  } finally {
    // A program that did not end its response: end it a little later, as a handler that
    // finishes its work would (never after a throw or a pipe, which end it their own way).
    // A returned value is sent by the declared route when nothing was sent yet; otherwise (and
    // on plain Express, which ignores it) the finaliser ends the response.
    if (!threw && !terminal) {
      setTimeout(() => {
        if (!res.writableEnded && !res.destroyed) res.end();
      }, 5);
    }
    void req;
  }
}

/** Error middleware that records, then hands the error to Express's default handler. */
function recordErrors(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (req.path !== '/second') {
    if (res.headersSent) record.errorsAfterHead++;
    else record.errorsBeforeHead++;
  }
  next(err);
}

function second(_req: Request, res: Response): void {
  res.send('SECOND');
}

type Mode = 'declared' | 'noBodyGuard';

function buildApp(express: ExpressModule, mode: Mode): http.RequestListener {
  const app = express();
  if (mode === 'declared') {
    const api = createApi(app);
    for (const code of DECLARED) {
      api.get(`/case/${code}`, { statusCode: code }, runProgram);
      api.post(`/case/${code}`, { statusCode: code }, runProgram);
    }
  } else {
    app.use(noBodyGuard());
    for (const code of DECLARED) {
      // Not declared: the declared status is set the plain way, as a first middleware would.
      const setStatus = (_req: Request, res: Response, next: NextFunction): void => {
        res.status(code);
        next();
      };
      app.get(`/case/${code}`, setStatus, runProgram);
      app.post(`/case/${code}`, setStatus, runProgram);
    }
  }
  app.get('/second', second);
  app.use(recordErrors);
  return app as unknown as http.RequestListener;
}

/** One pipelined exchange: the case, then `GET /second`. */
async function exchange(server: RunningServer, c: Case): Promise<{ ex: RawExchange; rec: ServerRecord }> {
  current = c;
  record = { errorsAfterHead: 0, errorsBeforeHead: 0, userContentLength: false };
  const first: RawRequest = {
    method: c.method,
    path: `/case/${c.declared}`,
    ...(c.method === 'POST' ? { headers: { 'Content-Length': '0' } } : {}),
  };
  const ex = await rawExchange(server.port, [first, { path: '/second' }], { timeoutMs: 1500, settleMs: 20 });
  // Let late timers of the program (the finaliser) run before the next case changes `current`.
  await new Promise((resolve) => setTimeout(resolve, 10));
  return { ex, rec: { ...record } };
}

function checkExchange(c: Case, ex: RawExchange, rec: ServerRecord): void {
  const msg = (what: string): string =>
    `${what}\ncase: ${JSON.stringify(c)}\nserver: ${JSON.stringify(rec)}\nwire:\n${describeExchange(ex)}`;
  function fail(what: string): never {
    throw new Error(msg(what));
  }
  const [first, secondResponse] = ex.responses;
  // The handler framed a body-carrying response itself (its own Content-Length on the wire):
  // what follows its body is its own business (see the top of the file). Only then are the
  // timeout, framing, leftover and second-request checks skipped.
  const ownFraming =
    rec.userContentLength && first !== undefined && c.method !== 'HEAD' &&
    ![204, 205, 304].includes(first.status) && header(first, 'content-length') !== undefined &&
    header(first, 'transfer-encoding') === undefined;
  if (ex.timedOut && !ownFraming) fail('timed out: the socket hung');
  if (ex.error !== undefined && !ownFraming) fail(`framing error: ${ex.error}`);
  if (ex.switchedProtocols) fail('a 101 went out');
  for (const r of ex.responses) {
    if (r.interimResponses.length > 0) fail('a 1xx went out');
    if (r.status < 200 || r.status > 599) fail(`final status ${r.status}`);
  }
  if (ex.leftover.length > 0 && !ownFraming && !(ex.closedByServer && rec.errorsAfterHead > 0)) fail('bytes left over');

  if (first !== undefined) {
    const s = first.status;
    const noBodyHeaders = (): void => {
      for (const name of ['content-type', 'transfer-encoding']) {
        if (header(first, name) !== undefined) fail(`${s} with ${name}`);
      }
    };
    if (s === 204 || s === 304) {
      noBodyHeaders();
      if (header(first, 'content-length') !== undefined) fail(`${s} with content-length`);
    }
    if (s === 205) {
      noBodyHeaders();
      if (header(first, 'content-length') !== '0') fail('205 without Content-Length: 0');
    }
    if ((s === 204 || s === 205) && header(first, 'etag') !== undefined && header(first, 'etag') !== USER_ETAG) {
      fail(`${s} with an ETag computed from a dropped body`);
    }
    // 204/304/HEAD are parsed without a body whatever the headers say: stray bytes show up as
    // a broken or wrong second response, or as leftover bytes.
    if (first.rawBody.length > 0 && (s === 204 || s === 205 || s === 304 || c.method === 'HEAD')) fail('body bytes');
  }

  // The second request gets its own answer, unless an error reached Express's default handler
  // after the head was sent (it closes the connection), or the handler framed its own body.
  const closeAllowed = ex.closedByServer && rec.errorsAfterHead > 0;
  if (!closeAllowed && !ownFraming) {
    if (first === undefined) fail('no response to the request under test');
    if (secondResponse === undefined) fail('GET /second got no answer (connection lost)');
    if (secondResponse.status !== 200 || secondResponse.body.toString() !== 'SECOND') fail('GET /second got a wrong answer (desync)');
    if (ex.responses.length !== 2) fail('extra responses');
  } else if (closeAllowed && secondResponse !== undefined && !ownFraming) {
    if (secondResponse.status !== 200 || secondResponse.body.toString() !== 'SECOND') fail('GET /second got a wrong answer (desync)');
  }
}

const uncaught: unknown[] = [];
const onUncaught = (err: unknown): void => {
  uncaught.push(err);
};

beforeAll(() => {
  process.on('uncaughtException', onUncaught);
});
afterAll(() => {
  process.off('uncaughtException', onUncaught);
});

describe.each(EXPRESS_VERSIONS)('fuzz: the wire (%s)', (_label, express) => {
  describe.each<Mode>(['declared', 'noBodyGuard'])('%s', (mode) => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer(buildApp(express, mode));
    });
    afterAll(async () => {
      current = undefined;
      await server.close();
    });

    it('random handler programs keep the body rules, the connection in sync, and the process alive', async () => {
      await fc.assert(
        fc.asyncProperty(testCase, async (c) => {
          uncaught.length = 0;
          const { ex, rec } = await exchange(server, c);
          checkExchange(c, ex, rec);
          if (c.method === 'HEAD') {
            // HEAD: the status GET gets for the same program (unless the connection was closed).
            const get = await exchange(server, { ...c, method: 'GET' });
            const [h] = ex.responses;
            const [g] = get.ex.responses;
            if (h !== undefined && g !== undefined && h.status !== g.status) {
              throw new Error(`HEAD answered ${h.status}, GET ${g.status}: ${JSON.stringify(c)}`);
            }
          }
          if (uncaught.length > 0) {
            throw new Error(`uncaughtException: ${String((uncaught[0] as Error).stack ?? uncaught[0])}\ncase: ${JSON.stringify(c)}`);
          }
        }),
        fuzzParameters(120),
      );
    });
  });
});
