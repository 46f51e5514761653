// Body rules on the wire for 204, 205, 304 and HEAD, on declared routes and behind noBodyGuard(),
// over raw sockets with a pipelined second request (RFC 9110 §6.4.1, §9.3.2, §15.3.5, §15.3.6).

import { Readable } from 'node:stream';
import type { Express, Request, Response } from 'express';
import { createApi, noBodyGuard } from '../lib';
import { EXPRESS_VERSIONS } from './helpers/express-versions';
import { header, rawExchange, startServer } from './helpers/raw-http';
import type { RawExchange, RawRequest, RunningServer } from './helpers/raw-http';

const NO_BODY_STATUSES = [204, 205, 304] as const;
type NoBodyStatus = (typeof NO_BODY_STATUSES)[number];

const STATUS_LINES: Readonly<Record<NoBodyStatus | 200, string>> = {
  200: 'HTTP/1.1 200 OK',
  204: 'HTTP/1.1 204 No Content',
  205: 'HTTP/1.1 205 Reset Content',
  304: 'HTTP/1.1 304 Not Modified',
};

/** A way of writing a response; `code` is the status under test (some paths set it themselves). */
type WritePath = (res: Response, code: NoBodyStatus) => unknown;

const WRITE_PATHS: ReadonlyArray<readonly [name: string, write: WritePath, returns?: true]> = [
  ['res.json(x)', (res) => void res.json({ a: 1 })],
  ['res.send(string)', (res) => void res.send('x')],
  ['res.send(Buffer)', (res) => void res.send(Buffer.from('xyz'))],
  ['res.sendStatus(code)', (res, code) => void res.sendStatus(code)],
  [
    'res.write(x) + res.end()',
    (res) => {
      res.write('x');
      res.end();
    },
  ],
  ['res.end(x)', (res) => void res.end('x')],
  [
    'res.writeHead(code, {Content-Length: 7, Content-Type}) + res.end(7 bytes)',
    (res, code) => {
      res.writeHead(code, { 'Content-Length': 7, 'Content-Type': 'application/json' });
      res.end('1234567');
    },
  ],
  [
    "preset res.set('Content-Length', '7') + res.end()",
    (res) => {
      res.set('Content-Length', '7');
      res.end();
    },
  ],
  [
    "preset res.set('Content-Length', '1') + res.write(x) + res.end()",
    (res) => {
      res.set('Content-Length', '1');
      res.write('x');
      res.end();
    },
  ],
  [
    "preset res.set('Transfer-Encoding', 'chunked') + res.write(x) + res.end()",
    (res) => {
      res.set('Transfer-Encoding', 'chunked');
      res.write('x');
      res.end();
    },
  ],
  ['a piped Readable', (res) => void Readable.from(['x', 'yz']).pipe(res)],
  [
    'a piped Readable of 1 MiB (backpressure)',
    (res) => void Readable.from(Array.from({ length: 64 }, () => Buffer.alloc(16384, 0x61))).pipe(res),
  ],
  ['res.sendFile(file)', (res) => void res.sendFile(__filename)],
  [
    "preset res.type('json') + res.end()",
    (res) => {
      res.type('json');
      res.end();
    },
  ],
  [
    'res.flushHeaders() + res.end(x)',
    (res) => {
      res.flushHeaders();
      res.end('x');
    },
  ],
  [
    'res.write(x, callback) + res.end() in the callback',
    (res) => void res.write('x', () => res.end()),
  ],
  [
    'after an await: res.write(x) + res.end(y)',
    async (res) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      res.write('x');
      res.end('y');
    },
  ],
  ['a returned value', () => ({ a: 1 }), true],
];

/** What the first response of an exchange looked like, in one object (for readable diffs). */
interface Wire {
  statusLine: string | undefined;
  interim: string[];
  contentType: string | undefined;
  contentLength: string | undefined;
  transferEncoding: string | undefined;
  etag?: string | undefined;
  body: string | undefined;
  second: string | undefined;
  leftover: string;
  closedByServer: boolean;
  timedOut: boolean;
  error: string | undefined;
}

function wire(ex: RawExchange): Wire {
  const [first, second] = ex.responses;
  return {
    statusLine: first?.statusLine,
    interim: first?.interimResponses.map((r) => r.statusLine) ?? [],
    contentType: header(first, 'content-type'),
    contentLength: header(first, 'content-length'),
    transferEncoding: header(first, 'transfer-encoding'),
    etag: header(first, 'etag'),
    body: first?.rawBody.toString('latin1'),
    second: second === undefined ? undefined : `${second.status} ${second.body.toString()}`,
    leftover: ex.leftover.toString('latin1'),
    closedByServer: ex.closedByServer,
    timedOut: ex.timedOut,
    error: ex.error,
  };
}

/** The wire a bodiless `code` must produce, the pipelined `GET /second` answered after it. */
function expectedWire(code: NoBodyStatus, actual: Wire, etag?: string): Wire {
  return {
    statusLine: STATUS_LINES[code],
    interim: [],
    contentType: undefined,
    // RFC 9110 §15.3.6: a 205 says "no content" with Content-Length: 0 (or chunked, empty)
    contentLength: code === 205 ? '0' : undefined,
    transferEncoding: undefined,
    // 204/205: no validator of a discarded body; 304 keeps its validator (not checked here)
    etag: code === 304 ? actual.etag : etag,
    body: '',
    second: '200 SECOND',
    leftover: '',
    closedByServer: false,
    timedOut: false,
    error: undefined,
  };
}

/** Sends `request` then `GET /second` in one write on one socket. */
async function pipelined(port: number, request: RawRequest): Promise<Wire> {
  return wire(await rawExchange(port, [request, { path: '/second' }]));
}

function second(_req: Request, res: Response): void {
  res.send('SECOND');
}

type RouteAdder = (path: string, handler: (req: Request, res: Response) => void) => unknown;

/** Handlers that change the status after the head was written. */
const FOLLOW_THE_HEAD: ReadonlyArray<{
  name: string;
  path: string;
  code: NoBodyStatus | 200;
  handler: (req: Request, res: Response) => void;
}> = [
  {
    name: 'writeHead(205), then statusCode = 200, then end(x): still a bodiless 205',
    path: '/follow/205-then-statusCode-200-end',
    code: 205,
    handler: (_req, res) => {
      res.writeHead(205);
      res.statusCode = 200;
      res.end('x');
    },
  },
  {
    name: 'writeHead(205), then res.status(200), then end(x): still a bodiless 205',
    path: '/follow/205-then-status-200-end',
    code: 205,
    handler: (_req, res) => {
      res.writeHead(205);
      res.status(200);
      res.end('x');
    },
  },
  {
    name: 'writeHead(205), then statusCode = 200, then write(x) + end(): still a bodiless 205',
    path: '/follow/205-then-statusCode-200-write',
    code: 205,
    handler: (_req, res) => {
      res.writeHead(205);
      res.statusCode = 200;
      res.write('x');
      res.end();
    },
  },
  {
    name: 'writeHead(204), then statusCode = 200, then end(x): still a bodiless 204',
    path: '/follow/204-then-statusCode-200-end',
    code: 204,
    handler: (_req, res) => {
      res.writeHead(204);
      res.statusCode = 200;
      res.end('x');
    },
  },
  {
    name: 'writeHead(200), then statusCode = 204, then end(x)',
    path: '/follow/200-then-204',
    code: 200,
    handler: (_req, res) => {
      res.writeHead(200);
      res.statusCode = 204;
      res.end('x');
    },
  },
];

const MOUNTED_CASES: ReadonlyArray<readonly [string, (req: Request, res: Response) => void]> = [
  ['/end-205', (_req, res) => void res.status(205).end('x')],
  [
    '/preset-cl-204',
    (_req, res) => {
      res.set('Content-Length', '7');
      res.status(204).end();
    },
  ],
  ['/end-buffer', (_req, res) => void res.end(Buffer.from('hello world'))],
];

function addFollowTheHeadRoutes(add: RouteAdder): void {
  for (const { path, handler } of FOLLOW_THE_HEAD) add(path, handler);
}

describe.each(EXPRESS_VERSIONS)('%s', (_label, express) => {
  let declared: RunningServer;
  let guarded: RunningServer;
  let bare: RunningServer;

  /** Declared routes: `/d/<code>/<i>` declare the status, `/h/<code>/<i>` set it in the handler. */
  function declaredApp(): Express {
    const app = express();
    const api = createApi(app);
    for (const code of NO_BODY_STATUSES) {
      WRITE_PATHS.forEach(([, write], i) => {
        api.get(`/d/${code}/${i}`, { statusCode: code }, (_req: Request, res: Response) => write(res, code));
        api.get(`/h/${code}/${i}`, (_req: Request, res: Response) => {
          res.status(code);
          return write(res, code);
        });
      });
    }

    // HEAD answered by GET routes
    api.get('/head/json', (_req: Request, res: Response) => void res.json({ a: 1 }));
    api.get('/head/send', (_req: Request, res: Response) => void res.send('hello'));
    api.get('/head/end-buffer', (_req: Request, res: Response) => void res.end(Buffer.from('hello world')));
    api.get('/head/write-end', (_req: Request, res: Response) => {
      res.write('x');
      res.end();
    });
    api.get('/head/returned', () => ({ hello: 'world' }));

    // ETag rules
    api.get('/etag/json-204', { statusCode: 204 }, (_req: Request, res: Response) => void res.json({ a: 1 }));
    api.get('/etag/json-205', { statusCode: 205 }, (_req: Request, res: Response) => void res.json({ a: 1 }));
    api.get('/etag/send-205', { statusCode: 205 }, (_req: Request, res: Response) => void res.send('x'));
    api.get('/etag/explicit-204-end', { statusCode: 204 }, (_req: Request, res: Response) => {
      res.set('ETag', '"v1"');
      res.end();
    });
    api.get('/etag/explicit-204-json', { statusCode: 204 }, (_req: Request, res: Response) => {
      res.set('ETag', '"v1"');
      res.json({ a: 1 });
    });
    api.get('/etag/explicit-205-send', { statusCode: 205 }, (_req: Request, res: Response) => {
      res.set('ETag', '"v1"');
      res.send('x');
    });
    api.get('/etag/json-304', { statusCode: 304 }, (_req: Request, res: Response) => void res.json({ a: 1 }));
    api.get('/etag/explicit-304', { statusCode: 304 }, (_req: Request, res: Response) => {
      res.set('ETag', '"v2"');
      res.end();
    });
    api.get('/etag/fresh', (_req: Request, res: Response) => void res.json({ fresh: true }));

    // rules follow the status written in the head
    addFollowTheHeadRoutes((path, handler) => api.get(path, handler));

    app.get('/second', second);
    return app;
  }

  /** Plain Express routes behind noBodyGuard(): `/g/<code>/<i>` set the status in the handler. */
  function guardedApp(): Express {
    const app = express();
    app.use(noBodyGuard());
    for (const code of NO_BODY_STATUSES) {
      WRITE_PATHS.forEach(([, write, returns], i) => {
        if (returns) return; // returning a value is a createApi feature
        app.get(`/g/${code}/${i}`, (_req: Request, res: Response) => {
          res.status(code);
          write(res, code);
        });
      });
    }
    app.get('/head/json', (_req: Request, res: Response) => void res.json({ a: 1 }));
    app.get('/head/send', (_req: Request, res: Response) => void res.send('hello'));
    app.get('/head/end-buffer', (_req: Request, res: Response) => void res.end(Buffer.from('hello world')));
    app.get('/head/write-end', (_req: Request, res: Response) => {
      res.write('x');
      res.end();
    });
    app.get('/etag/json-204', (_req: Request, res: Response) => void res.status(204).json({ a: 1 }));
    app.get('/etag/json-205', (_req: Request, res: Response) => void res.status(205).json({ a: 1 }));
    app.get('/etag/explicit-204-json', (_req: Request, res: Response) => {
      res.set('ETag', '"v1"');
      res.status(204).json({ a: 1 });
    });
    app.get('/etag/fresh', (_req: Request, res: Response) => void res.json({ fresh: true }));
    addFollowTheHeadRoutes((path, handler) => app.get(path, handler));
    app.get('/second', second);
    return app;
  }

  /** The same handlers on bare Express: the control group, where the bugs must show. */
  function bareApp(): Express {
    const app = express();
    app.get('/end-205', (_req: Request, res: Response) => void res.status(205).end('x'));
    app.get('/write-205', (_req: Request, res: Response) => {
      res.status(205);
      res.write('x');
      res.end();
    });
    app.get('/preset-cl-204', (_req: Request, res: Response) => {
      res.set('Content-Length', '7');
      res.status(204).end();
    });
    app.get('/writehead-204', (_req: Request, res: Response) => {
      res.writeHead(204, { 'Content-Length': 7, 'Content-Type': 'application/json' });
      res.end('1234567');
    });
    app.get('/preset-te-204', (_req: Request, res: Response) => {
      res.set('Transfer-Encoding', 'chunked');
      res.status(204);
      res.write('x');
      res.end();
    });
    app.get('/json-205', (_req: Request, res: Response) => void res.status(205).json({ a: 1 }));
    app.get('/json-204', (_req: Request, res: Response) => void res.status(204).json({ a: 1 }));
    app.get('/head/end-buffer', (_req: Request, res: Response) => void res.end(Buffer.from('hello world')));
    addFollowTheHeadRoutes((path, handler) => app.get(path, handler));
    app.get('/second', second);
    return app;
  }

  /** The same few handlers declared or guarded through Routers, sub-apps and child Apis. */
  function mountedApp(): Express {
    const app = express();
    const mount = (add: RouteAdder): void => {
      for (const [path, handler] of MOUNTED_CASES) add(path, handler);
    };
    const router = express.Router();
    mount((path, handler) => createApi(router).get(path, handler));
    app.use('/router', router);
    const sub = express();
    mount((path, handler) => createApi(sub).get(path, handler));
    app.use('/sub-app', sub);
    const parentApi = createApi(app);
    mount((path, handler) => parentApi.router('/child-api').get(path, handler));
    const guardedRouter = express.Router();
    guardedRouter.use(noBodyGuard());
    mount((path, handler) => guardedRouter.get(path, handler));
    app.use('/guarded-router', guardedRouter);
    const guardedParent = express.Router();
    guardedParent.use(noBodyGuard());
    const plainSub = express();
    mount((path, handler) => plainSub.get(path, handler));
    guardedParent.use('/plain-sub-app', plainSub);
    app.use('/guarded-parent', guardedParent);
    app.get('/second', second);
    return app;
  }

  let mounted: RunningServer;

  beforeAll(async () => {
    mounted = await startServer(mountedApp());
    declared = await startServer(declaredApp());
    guarded = await startServer(guardedApp());
    bare = await startServer(bareApp());
  });

  afterAll(async () => {
    await Promise.all([declared.close(), guarded.close(), bare.close(), mounted.close()]);
  });

  const table = NO_BODY_STATUSES.flatMap((code) =>
    WRITE_PATHS.map(([name, , returns], i) => ({ code, name, i, returns: returns === true })),
  );

  describe('declared routes: createApi(app).get(path, { statusCode }, handler)', () => {
    it.each(table)('$code via $name', async ({ code, i }) => {
      const actual = await pipelined(declared.port, { path: `/d/${code}/${i}` });
      expect(actual).toEqual(expectedWire(code, actual));
    });
  });

  describe('declared routes: the handler sets the status with res.status(code)', () => {
    it.each(table)('$code via $name', async ({ code, i }) => {
      const actual = await pipelined(declared.port, { path: `/h/${code}/${i}` });
      expect(actual).toEqual(expectedWire(code, actual));
    });
  });

  describe('plain routes behind noBodyGuard()', () => {
    it.each(table.filter((c) => !c.returns))('$code via $name', async ({ code, i }) => {
      const actual = await pipelined(guarded.port, { path: `/g/${code}/${i}` });
      expect(actual).toEqual(expectedWire(code, actual));
    });
  });

  describe.each([
    ['declared routes', () => declared],
    ['noBodyGuard()', () => guarded],
  ] as const)('HEAD on GET routes (%s)', (_where, server) => {
    const headCases: ReadonlyArray<readonly [string, string]> = [
      ['res.json(x)', '/head/json'],
      ['res.send(string)', '/head/send'],
      ['res.end(buffer)', '/head/end-buffer'],
      ['res.write(x) + res.end()', '/head/write-end'],
      ...(_where === 'declared routes' ? [['a returned value', '/head/returned'] as const] : []),
    ];
    it.each(headCases)('%s: no body, status and headers as GET', async (_name, path) => {
      const { port } = server();
      const get = (await rawExchange(port, [{ path }])).responses[0];
      expect(get).toBeDefined();
      const ex = await rawExchange(port, [{ method: 'HEAD', path }, { path: '/second' }]);
      const head = ex.responses[0];
      const actual = wire(ex);
      expect(actual).toEqual({
        statusLine: get?.statusLine,
        interim: [],
        contentType: header(get, 'content-type'),
        // RFC 9110 §9.3.2: HEAD tells the length GET would send
        contentLength: header(get, 'content-length'),
        // framing of the content that is not sent: either way is fine on HEAD
        transferEncoding: actual.transferEncoding === undefined ? undefined : header(get, 'transfer-encoding'),
        etag: header(get, 'etag'),
        body: '',
        second: '200 SECOND',
        leftover: '',
        closedByServer: false,
        timedOut: false,
        error: undefined,
      });
      // field order carries no meaning between different field names (RFC 9110 §5.3)
      const withoutDate = (r: typeof head): string[] =>
        (r?.rawHeaders ?? [])
          .filter(([n]) => n !== 'date' && n !== 'transfer-encoding')
          .map(([n, v]) => `${n}: ${v}`)
          .sort();
      expect(withoutDate(head)).toEqual(withoutDate(get));
    });

    it('res.end(buffer): HEAD keeps the Content-Length of GET', async () => {
      const ex = await rawExchange(server().port, [{ method: 'HEAD', path: '/head/end-buffer' }, { path: '/second' }]);
      expect(header(ex.responses[0], 'content-length')).toBe('11');
    });
  });

  describe('ETag on 204, 205 and 304 (declared routes)', () => {
    it.each([
      ['204 via res.json(x): no ETag of the discarded JSON', '/etag/json-204', 204, undefined],
      ['205 via res.json(x): no ETag of the discarded JSON', '/etag/json-205', 205, undefined],
      ['205 via res.send(x): no ETag of the discarded body', '/etag/send-205', 205, undefined],
      ["204, explicit res.set('ETag') + res.end(): kept", '/etag/explicit-204-end', 204, '"v1"'],
      ["204, explicit res.set('ETag') + res.json(x): kept", '/etag/explicit-204-json', 204, '"v1"'],
      ["205, explicit res.set('ETag') + res.send(x): kept", '/etag/explicit-205-send', 205, '"v1"'],
      ["304, explicit res.set('ETag') + res.end(): kept", '/etag/explicit-304', 304, '"v2"'],
    ] as const)('%s', async (_name, path, code, etag) => {
      const actual = await pipelined(declared.port, { path });
      expect(actual).toEqual({ ...expectedWire(code, actual, etag), etag });
    });

    it('304 via res.json(x) keeps its ETag', async () => {
      const actual = await pipelined(declared.port, { path: '/etag/json-304' });
      expect(actual).toEqual(expectedWire(304, actual));
      expect(actual.etag).toMatch(/^(W\/)?"[^"]*"$/);
    });
  });

  describe.each([
    ['declared routes', () => declared],
    ['noBodyGuard()', () => guarded],
  ] as const)('conditional GET (%s)', (_where, server) => {
    it('a fresh request gets 304 with the same ETag and no body', async () => {
      const { port } = server();
      const first = (await rawExchange(port, [{ path: '/etag/fresh' }])).responses[0];
      const etag = header(first, 'etag');
      expect(first?.status).toBe(200);
      expect(etag).toBeDefined();
      const actual = await pipelined(port, {
        path: '/etag/fresh',
        headers: { 'If-None-Match': etag ?? '' },
      });
      expect(actual).toEqual({ ...expectedWire(304, actual), etag });
    });
  });

  describe('ETag behind noBodyGuard()', () => {
    it.each([
      ['204 via res.json(x): no ETag', '/etag/json-204', 204, undefined],
      ['205 via res.json(x): no ETag', '/etag/json-205', 205, undefined],
      ["204, explicit res.set('ETag') + res.json(x): kept", '/etag/explicit-204-json', 204, '"v1"'],
    ] as const)('%s', async (_name, path, code, etag) => {
      const actual = await pipelined(guarded.port, { path });
      expect(actual).toEqual({ ...expectedWire(code, actual, etag), etag });
    });
  });

  describe.each([
    ['declared routes', () => declared],
    ['noBodyGuard()', () => guarded],
  ] as const)('the rules follow the status written in the head (%s)', (_where, server) => {
    it.each(FOLLOW_THE_HEAD.filter((c) => c.code !== 200))('$name', async ({ path, code }) => {
      const actual = await pipelined(server().port, { path });
      expect(actual).toEqual(expectedWire(code as NoBodyStatus, actual, undefined));
    });

    it('writeHead(200), then statusCode = 204, then end(x): the 200 and its body go out', async () => {
      const ex = await rawExchange(server().port, [{ path: '/follow/200-then-204' }, { path: '/second' }]);
      const actual = wire(ex);
      expect(actual.statusLine).toBe(STATUS_LINES[200]);
      expect(ex.responses[0]?.body.toString()).toBe('x');
      expect(actual.second).toBe('200 SECOND');
      expect(actual.leftover).toBe('');
      expect(actual.closedByServer).toBe(false);
    });
  });

  describe.each([
    ['createApi(express.Router()) mounted at /router', '/router'],
    ['createApi(subApp) mounted at /sub-app', '/sub-app'],
    ["api.router('/child-api')", '/child-api'],
    ['a Router that uses noBodyGuard()', '/guarded-router'],
    ['a plain sub-app behind a noBodyGuard() Router', '/guarded-parent/plain-sub-app'],
  ])('mounted: %s', (_where, prefix) => {
    it('205 + res.end(x): Content-Length: 0, no body', async () => {
      const actual = await pipelined(mounted.port, { path: `${prefix}/end-205` });
      expect(actual).toEqual(expectedWire(205, actual));
    });

    it("preset Content-Length on 204: removed", async () => {
      const actual = await pipelined(mounted.port, { path: `${prefix}/preset-cl-204` });
      expect(actual).toEqual(expectedWire(204, actual));
    });

    it('HEAD + res.end(buffer): Content-Length of GET, no body', async () => {
      const actual = await pipelined(mounted.port, { method: 'HEAD', path: `${prefix}/end-buffer` });
      expect(actual.statusLine).toBe(STATUS_LINES[200]);
      expect(actual.contentLength).toBe('11');
      expect(actual.body).toBe('');
      expect(actual.second).toBe('200 SECOND');
      expect(actual.leftover).toBe('');
    });
  });

  describe('bare Express (control): the bugs the library fixes are there without it', () => {
    it('205 + res.end(x) sends the body x', async () => {
      const actual = await pipelined(bare.port, { path: '/end-205' });
      expect(actual.statusLine).toBe(STATUS_LINES[205]);
      expect(actual.contentLength).toBe('1');
      expect(actual.body).toBe('x');
      expect(actual).not.toEqual(expectedWire(205, actual));
    });

    it('205 + res.write(x) + res.end() sends a chunked body', async () => {
      const actual = await pipelined(bare.port, { path: '/write-205' });
      expect(actual.transferEncoding).toBe('chunked');
      expect(actual.body).toBe('1\r\nx\r\n0\r\n\r\n');
    });

    it("preset Content-Length: 204 keeps Content-Length: 7", async () => {
      const actual = await pipelined(bare.port, { path: '/preset-cl-204' });
      expect(actual.statusLine).toBe(STATUS_LINES[204]);
      expect(actual.contentLength).toBe('7');
    });

    it('writeHead(204, {Content-Length, Content-Type}) keeps both', async () => {
      const actual = await pipelined(bare.port, { path: '/writehead-204' });
      expect(actual.contentLength).toBe('7');
      expect(actual.contentType).toBe('application/json');
    });

    it('preset Transfer-Encoding on 204: chunked header, the pipelined request is lost', async () => {
      const ex = await rawExchange(bare.port, [{ path: '/preset-te-204' }, { path: '/second' }], {
        timeoutMs: 500,
      });
      const actual = wire(ex);
      expect(actual.transferEncoding).toBe('chunked');
      expect(actual.second === '200 SECOND' && !actual.closedByServer).toBe(false);
    });

    it('205 via res.json(x) keeps Content-Type', async () => {
      const actual = await pipelined(bare.port, { path: '/json-205' });
      expect(actual.contentLength).toBe('0');
      expect(actual.contentType).toMatch(/^application\/json/);
    });

    it('204 via res.json(x) sends an ETag of the discarded JSON', async () => {
      const actual = await pipelined(bare.port, { path: '/json-204' });
      expect(actual.etag).toBeDefined();
    });

    it('HEAD + res.end(buffer) loses the Content-Length', async () => {
      const actual = await pipelined(bare.port, { method: 'HEAD', path: '/head/end-buffer' });
      expect(actual.contentLength).toBeUndefined();
    });

    it('writeHead(205), then statusCode = 200, then end(x): body bytes on a 205', async () => {
      const actual = await pipelined(bare.port, { path: '/follow/205-then-statusCode-200-end' });
      expect(actual.statusLine).toBe(STATUS_LINES[205]);
      expect(actual.body).not.toBe('');
    });
  });
});
