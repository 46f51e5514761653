// Counter-examples found by the property-based tests (fuzz-declarations, fuzz-wire), shrunk and
// kept as named regression tests. Each states the contract line of API.md it holds the library to.

import * as http from 'node:http';
import type { Request, Response } from 'express';
import { createApi, noBodyGuard } from '../lib';
import { EXPRESS_VERSIONS } from './helpers/express-versions';
import type { ExpressModule } from './helpers/express-versions';
import { describeExchange, rawExchange, startServer } from './helpers/raw-http';

/** Calls `path` on a fresh server for `app`; returns the status and the matched params' names. */
async function paramsAt(app: http.RequestListener, path: string): Promise<{ status: number; params: string[] | undefined }> {
  const server = await startServer(app);
  try {
    return await new Promise((resolve, reject) => {
      http
        .request({ host: '127.0.0.1', port: server.port, path, agent: false }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => {
            const parsed = res.statusCode === 200 ? (JSON.parse(body) as { params: string[] }).params : undefined;
            resolve({ status: res.statusCode ?? 0, params: parsed });
          });
        })
        .on('error', reject)
        .end();
    });
  } finally {
    await server.close();
  }
}

/**
 * API.md "The OpenAPI document": Express params become OpenAPI params. The document must name
 * the parameters Express really matches, or the path must be rejected (ERR_UNSUPPORTED_PATH).
 * Whatever the library decides, it must not document a path that disagrees with Express.
 */
function documentedAgreesWithExpress(express: ExpressModule, path: string, url: string): Promise<void> {
  const app = express();
  const api = createApi(app);
  let declared = true;
  try {
    api.get(path, function getIt(req: Request) {
      return { params: Object.keys(req.params) };
    });
  } catch (err) {
    declared = false;
    expect((err as { code?: unknown }).code).toBe('ERR_UNSUPPORTED_PATH');
  }
  if (!declared) return Promise.resolve();
  const record = api.registry.routes[0];
  const documented = record?.openApiPath ?? '';
  // The documented template, filled in, must be served by this route with these params.
  return paramsAt(app as unknown as http.RequestListener, url).then(({ status, params }) => {
    expect({ path, documented, status, params }).toEqual({
      path,
      documented,
      status: 200,
      params: record?.params ?? [],
    });
  });
}

describe('regressions: the document names the path parameters Express matches', () => {
  const [e5, e4] = EXPRESS_VERSIONS;
  const express5 = (e5 as (typeof EXPRESS_VERSIONS)[number])[1];
  const express4 = (e4 as (typeof EXPRESS_VERSIONS)[number])[1];

  // Express 5 (path-to-regexp 8): parameter names are Unicode identifiers. The library's
  // grammar stops at the first non-ASCII letter: `/:café` is documented as `/{caf}é`, param
  // `caf`, while Express 5 matches `/anything` with param `café`.
  it('express 5: a Unicode parameter name (/:café) is documented whole, or rejected', () =>
    documentedAgreesWithExpress(express5, '/:café', '/p0'));

  // Express 5: quoted parameter names `:"x y"`. Documented as the literal `/a/:"x y"` with no
  // parameter; Express 5 serves `/a/anything` with param `x y`.
  it('express 5: a quoted parameter name (/a/:"x y") is documented as a parameter, or rejected', () =>
    documentedAgreesWithExpress(express5, '/a/:"x y"', '/a/p0'));

  // Express 4 (path-to-regexp 0.1): `*` is always an unnamed wildcard `(.*)`, so `/files/*path`
  // is "files/, anything, then the letters `path`" with param `0`; the library documents
  // `/files/{path}` with a param `path` (Express 5's named-wildcard syntax).
  it('express 4: /files/*path is not documented as a named wildcard', () =>
    documentedAgreesWithExpress(express4, '/files/*path', '/files/p0'));

  // Express 4: parameter names are `\w+`, so `/:1a` is a parameter named `1a`; the library's
  // grammar needs a letter first and documents the literal path `/:1a`.
  it('express 4: a parameter name starting with a digit (/:1a) is documented as a parameter, or rejected', () =>
    documentedAgreesWithExpress(express4, '/:1a', '/p0'));
});

describe.each(EXPRESS_VERSIONS)('regressions (%s)', (_label, express) => {
  // API.md "Errors at declaration time": a path the document cannot represent is rejected.
  // A path without a leading slash (`'items'`) is never matched by Express (it matches
  // against `/items`), yet the library documents it as `/items`: a documented operation that
  // answers 404.
  it('a path without a leading slash is not documented as one that Express serves', async () => {
    const app = express();
    const api = createApi(app);
    let threw: unknown;
    try {
      api.get('items', function listItems() {
        return { params: [] };
      });
    } catch (err) {
      threw = err;
    }
    if (threw !== undefined) {
      expect((threw as { code?: unknown }).code).toBe('ERR_UNSUPPORTED_PATH');
      return;
    }
    const documented = Object.keys(api.openapi().paths)[0] ?? '';
    const { status } = await paramsAt(app as unknown as http.RequestListener, documented);
    expect({ documented, status }).toEqual({ documented, status: 200 });
  });

  // API.md rule 6: a handler that sets a 1xx gets a 500, the error reaches the error handler,
  // "the connection stays in sync". Found by fuzz-wire: when the handler goes on and ends the
  // response itself before the (deferred) default error handler writes, the 500 goes out with
  // neither Content-Length nor Transfer-Encoding (the guard's removeHeader() calls switch off
  // Node's own framing), so it is close-delimited: the connection is closed and the pipelined
  // request is lost.
  describe.each([
    ['res.status(103); res.end(); res.end()', (_req: Request, res: Response) => {
      res.status(103);
      res.end();
      res.end();
    }],
    ['res.sendStatus(103); res.end()', (_req: Request, res: Response) => {
      res.sendStatus(103);
      res.end();
    }],
    ['res.writeHead(101); res.end()', (_req: Request, res: Response) => {
      res.writeHead(101);
      res.end();
    }],
  ] as const)('%s', (_name, handler) => {
    it.each(['declared route', 'noBodyGuard()'] as const)('on a %s: a framed 500, and the pipelined request answered', async (where) => {
      const app = express();
      if (where === 'declared route') createApi(app).get('/c', handler);
      else {
        app.use(noBodyGuard());
        app.get('/c', handler);
      }
      app.get('/second', (_req, res) => void res.send('SECOND'));
      const server = await startServer(app as unknown as http.RequestListener);
      try {
        const ex = await rawExchange(server.port, [{ path: '/c' }, { path: '/second' }], { timeoutMs: 1500 });
        const [first, second] = ex.responses;
        expect({
          first: first?.status,
          second: second === undefined ? undefined : `${second.status} ${second.body.toString()}`,
          closedByServer: ex.closedByServer,
          timedOut: ex.timedOut,
          wire: describeExchange(ex),
        }).toEqual({
          first: 500,
          second: '200 SECOND',
          closedByServer: false,
          timedOut: false,
          wire: expect.any(String) as unknown as string,
        });
      } finally {
        await server.close();
      }
    });
  });

  // API.md "The OpenAPI document": it validates (and is served as JSON). A responseSchema that
  // is not JSON (a BigInt, a cycle) is accepted at declaration time, and then the document
  // cannot be serialised: `/openapi.json` fails at request time instead of the declaration
  // failing at startup (API.md "Errors at declaration time": mistakes throw synchronously).
  it.each([
    ['a BigInt', { type: 'integer', maximum: 10n }],
    ['a cycle', (() => {
      const s: Record<string, unknown> = { type: 'object' };
      s['properties'] = { self: s };
      return s;
    })()],
  ])('a responseSchema with %s is rejected at declaration (ERR_INVALID_OPTION), or the document still serialises', (_what, schema) => {
    const api = createApi(express());
    let threw: unknown;
    try {
      api.get('/n', { responseSchema: schema }, function getN() {
        return 1;
      });
    } catch (err) {
      threw = err;
    }
    if (threw !== undefined) {
      expect((threw as { code?: unknown }).code).toBe('ERR_INVALID_OPTION');
      return;
    }
    expect(() => JSON.stringify(api.openapi())).not.toThrow();
  });
});

describe.each(EXPRESS_VERSIONS)('regressions: late writes (%s)', (_label, express) => {
  // Found by fuzz-wire: `end(Buffer.alloc(0))` after the response ended. Node treats an empty
  // Buffer as data ("if (chunk)") and emits ERR_STREAM_WRITE_AFTER_END as an 'error' event,
  // which crashes a process that has no listener; the guard forwarded it as "no data".
  it.each([
    ['an empty Buffer', (): Buffer => Buffer.alloc(0)],
    ['an empty Uint8Array', (): Uint8Array => new Uint8Array(0)],
  ])('end(%s) after end() emits no error on the response', async (_what, chunk) => {
    const errors: unknown[] = [];
    const app = express();
    createApi(app, { onWarning: false }).get('/late', (_req: Request, res: Response) => {
      res.on('error', (err) => errors.push(err));
      res.end('a');
      res.end(chunk());
    });
    const server = await startServer(app as unknown as http.RequestListener);
    try {
      const ex = await rawExchange(server.port, ['GET /late HTTP/1.1\r\nHost: x\r\n\r\n']);
      expect(ex.responses[0]?.body.toString()).toBe('a');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(errors).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe.each(EXPRESS_VERSIONS)('regressions: the 500 for a rejected 1xx is framed (%s)', (_label, express) => {
  // The aborted send had already set Content-Type and Content-Length: 7 (res.json) and maybe a
  // Transfer-Encoding; an error handler that answers with a bare res.end() must not inherit
  // them (Content-Length: 7 with no body desynchronises the connection), and removing them must
  // not leave Node without any framing (it would close the connection).
  it.each([
    ['res.json after status(103)', (res: Response): void => void res.status(103).json({ a: 1 })],
    ['res.json after status(100) with a preset Transfer-Encoding', (res: Response): void => {
      res.set('Transfer-Encoding', 'chunked');
      res.status(100).json({ a: 1 });
    }],
  ])('%s, then an error handler that calls res.status(500).end()', async (_what, send) => {
    const app = express();
    createApi(app, { onWarning: false }).get('/x', (_req: Request, res: Response) => send(res));
    app.get('/second', (_req: Request, res: Response) => res.send('SECOND'));
    app.use((_err: unknown, _req: Request, res: Response, _next: unknown) => res.status(500).end());
    const server = await startServer(app as unknown as http.RequestListener);
    try {
      const ex = await rawExchange(server.port, ['GET /x HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /second HTTP/1.1\r\nHost: x\r\n\r\n']);
      const [first, second] = ex.responses;
      expect(first?.status).toBe(500);
      expect(first?.headers['content-type']).toBeUndefined();
      expect(first?.body.length).toBe(0);
      expect(second?.body.toString()).toBe('SECOND');
      expect({ closed: ex.closedByServer, leftover: ex.leftover.length }).toEqual({ closed: false, leftover: 0 });
    } finally {
      await server.close();
    }
  });
});
