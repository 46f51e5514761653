// A 1xx (or a status outside 100–599) is never sent as a final response: the client gets a 500,
// the error handler gets ERR_INVALID_RESPONSE_STATUS, and the pipelined next request its answer
// (RFC 9110 §15.2: 1xx responses are interim; a lone one desynchronises the connection).

import type { Express, NextFunction, Request, Response } from 'express';
import { createApi, noBodyGuard } from '../lib';
import { EXPRESS_VERSIONS } from './helpers/express-versions';
import { header, rawExchange, startServer } from './helpers/raw-http';
import type { RawExchange, RunningServer } from './helpers/raw-http';

type Handler = (req: Request, res: Response) => unknown;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Handlers that try to send a 1xx or an out-of-range status as the final response. */
const INVALID_FINAL: ReadonlyArray<readonly [name: string, handler: Handler, declaredOnly?: true]> = [
  ['res.status(100).json(x)', (_req, res) => void res.status(100).json({ a: 1 })],
  ['res.status(101).json(x)', (_req, res) => void res.status(101).json({ a: 1 })],
  ['res.status(103).json(x)', (_req, res) => void res.status(103).json({ a: 1 })],
  ['res.status(199).json(x)', (_req, res) => void res.status(199).json({ a: 1 })],
  ['res.status(103).send(x)', (_req, res) => void res.status(103).send('x')],
  [
    'res.status(100) + res.write(x) + res.end()',
    (_req, res) => {
      res.status(100);
      res.write('x');
      res.end();
    },
  ],
  ['res.status(101).end(x)', (_req, res) => void res.status(101).end('x')],
  ['res.status(103).end()', (_req, res) => void res.status(103).end()],
  ['res.sendStatus(100)', (_req, res) => void res.sendStatus(100)],
  ['res.sendStatus(103)', (_req, res) => void res.sendStatus(103)],
  [
    'res.writeHead(101) + res.end()',
    (_req, res) => {
      res.writeHead(101);
      res.end();
    },
  ],
  [
    'res.writeHead(103, {Content-Type}) + res.end(x)',
    (_req, res) => {
      res.writeHead(103, { 'Content-Type': 'text/plain' });
      res.end('x');
    },
  ],
  [
    'res.statusCode = 100 + res.end(x)',
    (_req, res) => {
      res.statusCode = 100;
      res.end('x');
    },
  ],
  [
    'res.statusCode = 103 + res.write(x) + res.end()',
    (_req, res) => {
      res.statusCode = 103;
      res.write('x');
      res.end();
    },
  ],
  ['res.status(600).json(x)', (_req, res) => void res.status(600).json({ a: 1 })],
  ['res.status(999).send(x)', (_req, res) => void res.status(999).send('x')],
  ['res.sendStatus(600)', (_req, res) => void res.sendStatus(600)],
  [
    'res.statusCode = 600 + res.end(x)',
    (_req, res) => {
      res.statusCode = 600;
      res.end('x');
    },
  ],
  [
    'res.writeHead(600) + res.end()',
    (_req, res) => {
      res.writeHead(600);
      res.end();
    },
  ],
  [
    'after an await: res.status(100).json(x)',
    async (_req, res) => {
      await delay(2);
      res.status(100).json({ a: 1 });
    },
  ],
  [
    'res.status(103) + a returned value',
    (_req, res) => {
      res.status(103);
      return { a: 1 };
    },
    true,
  ],
];

/** Handlers that use 1xx correctly or change their mind before sending: these must work. */
const VALID: ReadonlyArray<readonly [name: string, handler: Handler, interim: number[], status: number, body: string]> = [
  [
    'res.writeEarlyHints() then res.json(x): a real 103, then the 200',
    (_req, res) => {
      res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
      res.json({ a: 1 });
    },
    [103],
    200,
    '{"a":1}',
  ],
  [
    'res.writeContinue() then res.send(x): a real 100, then the 200',
    (_req, res) => {
      res.writeContinue();
      res.send('done');
    },
    [100],
    200,
    'done',
  ],
  [
    'res.writeProcessing() then res.status(201).json(x): a real 102, then the 201',
    (_req, res) => {
      res.writeProcessing();
      res.status(201).json({ a: 1 });
    },
    [102],
    201,
    '{"a":1}',
  ],
  [
    'res.status(103) then res.status(200).json(x) before sending',
    (_req, res) => {
      res.status(103);
      res.status(200).json({ a: 1 });
    },
    [],
    200,
    '{"a":1}',
  ],
];

function statusThenThrow(_req: Request, res: Response): void {
  res.status(103);
  throw Object.assign(new Error('handler failed'), { code: 'E_HANDLER' });
}

interface Recorded {
  readonly path: string;
  readonly code: unknown;
}

/** An error handler that records what reached it and answers 500 if nothing was sent yet. */
function recordingErrorHandler(errors: Recorded[]) {
  return function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
    errors.push({ path: req.path, code: (err as { code?: unknown } | null)?.code });
    if (res.headersSent) return;
    res.status(500).json({ handledBy: 'app', code: (err as { code?: unknown } | null)?.code });
  };
}

function summary(ex: RawExchange): Record<string, unknown> {
  const [first, second] = ex.responses;
  return {
    statusLine: first?.statusLine,
    interim: first?.interimResponses.map((r) => r.statusLine) ?? [],
    second: second === undefined ? undefined : `${second.status} ${second.body.toString()}`,
    leftover: ex.leftover.toString('latin1'),
    switchedProtocols: ex.switchedProtocols,
    closedByServer: ex.closedByServer,
    timedOut: ex.timedOut,
    error: ex.error,
  };
}

const IN_SYNC_500 = {
  statusLine: 'HTTP/1.1 500 Internal Server Error',
  interim: [],
  second: '200 SECOND',
  leftover: '',
  switchedProtocols: false,
  closedByServer: false,
  timedOut: false,
  error: undefined,
};

describe.each(EXPRESS_VERSIONS)('%s', (_label, express) => {
  const errors: Recorded[] = [];
  let declared: RunningServer;
  let guarded: RunningServer;
  let bare: RunningServer;

  function declaredApp(): Express {
    const app = express();
    const api = createApi(app);
    INVALID_FINAL.forEach(([, handler], i) => {
      api.get(`/invalid/${i}`, handler);
      api.post(`/invalid/${i}`, { statusCode: 201 }, handler);
    });
    VALID.forEach(([, handler], i) => api.get(`/valid/${i}`, handler));
    api.get('/status-then-throw', statusThenThrow);
    app.get('/second', (_req: Request, res: Response) => void res.send('SECOND'));
    app.use(recordingErrorHandler(errors));
    return app;
  }

  function guardedApp(): Express {
    const app = express();
    app.use(noBodyGuard());
    INVALID_FINAL.forEach(([, handler, declaredOnly], i) => {
      if (declaredOnly) return;
      app.get(`/invalid/${i}`, (req: Request, res: Response) => void handler(req, res));
    });
    VALID.forEach(([, handler], i) => app.get(`/valid/${i}`, (req: Request, res: Response) => void handler(req, res)));
    app.get('/status-then-throw', statusThenThrow);
    app.get('/second', (_req: Request, res: Response) => void res.send('SECOND'));
    app.use(recordingErrorHandler(errors));
    return app;
  }

  function bareApp(): Express {
    const app = express();
    app.get('/json-103', (_req: Request, res: Response) => void res.status(103).json({ a: 1 }));
    app.get('/json-100', (_req: Request, res: Response) => void res.status(100).json({ a: 1 }));
    app.get('/json-101', (_req: Request, res: Response) => void res.status(101).json({ a: 1 }));
    app.get('/json-600', (_req: Request, res: Response) => void res.status(600).json({ a: 1 }));
    app.get('/second', (_req: Request, res: Response) => void res.send('SECOND'));
    return app;
  }

  beforeAll(async () => {
    declared = await startServer(declaredApp());
    guarded = await startServer(guardedApp());
    bare = await startServer(bareApp());
  });

  afterAll(async () => {
    await Promise.all([declared.close(), guarded.close(), bare.close()]);
  });

  beforeEach(() => {
    errors.length = 0;
  });

  /** Sends `method path` then `GET /second` on one socket; returns the summary and the errors. */
  async function exchange(server: RunningServer, method: string, path: string) {
    const ex = await rawExchange(server.port, [{ method, path }, { path: '/second' }]);
    return { ex, actual: summary(ex), codes: errors.filter((e) => e.path === path).map((e) => e.code) };
  }

  const table = INVALID_FINAL.map(([name, , declaredOnly], i) => ({ name, i, declaredOnly: declaredOnly === true }));

  describe('declared routes (default 200)', () => {
    it.each(table)('$name → 500, error handler called, connection in sync', async ({ i }) => {
      const { actual, codes } = await exchange(declared, 'GET', `/invalid/${i}`);
      expect({ ...actual, codes }).toEqual({ ...IN_SYNC_500, codes: ['ERR_INVALID_RESPONSE_STATUS'] });
    });
  });

  describe('declared routes (statusCode: 201)', () => {
    it.each(table)('$name → 500, error handler called, connection in sync', async ({ i }) => {
      const { actual, codes } = await exchange(declared, 'POST', `/invalid/${i}`);
      expect({ ...actual, codes }).toEqual({ ...IN_SYNC_500, codes: ['ERR_INVALID_RESPONSE_STATUS'] });
    });
  });

  describe('plain routes behind noBodyGuard()', () => {
    it.each(table.filter((c) => !c.declaredOnly))(
      '$name → 500, error handler called, connection in sync',
      async ({ i }) => {
        const { actual, codes } = await exchange(guarded, 'GET', `/invalid/${i}`);
        expect({ ...actual, codes }).toEqual({ ...IN_SYNC_500, codes: ['ERR_INVALID_RESPONSE_STATUS'] });
      },
    );
  });

  describe.each([
    ['declared routes', () => declared],
    ['noBodyGuard()', () => guarded],
  ] as const)('a 1xx left set when the handler throws (%s)', (_where, server) => {
    it("res.status(103); throw err → 500 from the error handler's answer, connection in sync", async () => {
      const { actual, codes } = await exchange(server(), 'GET', '/status-then-throw');
      expect(actual).toEqual(IN_SYNC_500);
      expect(codes).toContain('E_HANDLER');
    });
  });

  describe.each([
    ['declared routes', () => declared],
    ['noBodyGuard()', () => guarded],
  ] as const)('legitimate 1xx use still works (%s)', (_where, server) => {
    it.each(VALID.map(([name, , interim, status, body], i) => ({ name, i, interim, status, body })))(
      '$name',
      async ({ i, interim, status, body }) => {
        const { ex, codes } = await exchange(server(), 'GET', `/valid/${i}`);
        const [first, second] = ex.responses;
        expect({
          interim: first?.interimResponses.map((r) => r.status),
          status: first?.status,
          body: first?.body.toString(),
          second: second?.body.toString(),
          leftover: ex.leftover.length,
          closedByServer: ex.closedByServer,
          timedOut: ex.timedOut,
          codes,
        }).toEqual({
          interim,
          status,
          body,
          second: 'SECOND',
          leftover: 0,
          closedByServer: false,
          timedOut: false,
          codes: [],
        });
        if (interim[0] === 103) expect(header(first?.interimResponses[0], 'link')).toContain('style.css');
      },
    );
  });

  describe('bare Express (control): a final 1xx desynchronises the connection', () => {
    it.each([['/json-100'], ['/json-103']])('%s: a lone interim head, the next answer is taken for it', async (path) => {
      const ex = await rawExchange(bare.port, [{ path }, { path: '/second' }], { timeoutMs: 300 });
      const [first] = ex.responses;
      expect(first?.interimResponses).toHaveLength(1);
      // the 200 SECOND meant for request 2 completes request 1; request 2 never gets an answer
      expect(first?.body.toString()).toBe('SECOND');
      expect(ex.complete).toBe(false);
      expect(ex.timedOut).toBe(true);
    });

    it('/json-101: 101 Switching Protocols, what follows is not HTTP', async () => {
      const ex = await rawExchange(bare.port, [{ path: '/json-101' }, { path: '/second' }], { timeoutMs: 300 });
      expect(ex.responses[0]?.status).toBe(101);
      expect(ex.switchedProtocols).toBe(true);
    });

    it('/json-600: status 600 goes on the wire', async () => {
      const ex = await rawExchange(bare.port, [{ path: '/json-600' }, { path: '/second' }], { timeoutMs: 300 });
      expect(ex.responses[0]?.status).toBe(600);
    });
  });
});
