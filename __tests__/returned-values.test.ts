// Returned values are sent as JSON with the current status; thrown errors and rejections go to
// next(err) with the declared default withdrawn; the handler's own status wins. Express 4 and 5.

import request from 'supertest';
import type { Express, NextFunction, Request, Response } from 'express';
import { createApi } from '../lib';
import { EXPRESS_VERSIONS } from './helpers/express-versions';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(EXPRESS_VERSIONS)('%s', (_label, express) => {
  const errors: unknown[] = [];
  let app: Express;

  beforeAll(() => {
    app = express();
    const api = createApi(app);
    api
      .post('/items', { statusCode: 201 }, () => ({ id: 1 }))
      .post('/async', { statusCode: 201 }, async () => {
        await delay(2);
        return { id: 2 };
      })
      .post('/promise', { statusCode: 201 }, () => delay(2).then(() => ({ id: 3 })))
      .post('/null', { statusCode: 201 }, () => null)
      .post('/array', { statusCode: 201 }, () => [1, 2])
      .get('/returns-res', (_req: Request, res: Response) => res.status(200).json({ a: 1 }))
      .post('/returns-res-declared', { statusCode: 201 }, (_req: Request, res: Response) => res.json({ a: 1 }))
      .post('/sent-and-returns', { statusCode: 201 }, (_req: Request, res: Response) => {
        res.json({ sent: 1 });
        return { returned: 1 };
      })
      .post('/async-sent-and-returns', { statusCode: 201 }, async (_req: Request, res: Response) => {
        res.json({ sent: 1 });
        await delay(2);
        return { returned: 1 };
      })
      .post('/throw', { statusCode: 201 }, () => {
        throw new Error('boom');
      })
      .post('/async-throw', { statusCode: 201 }, async () => {
        await delay(2);
        throw new Error('async boom');
      })
      .post('/reject', { statusCode: 201 }, () => Promise.reject(new Error('rejected')))
      .post('/status-202', { statusCode: 201 }, (_req: Request, res: Response) => void res.status(202).json({ a: 1 }))
      .post('/status-202-returned', { statusCode: 201 }, (_req: Request, res: Response) => {
        res.status(202);
        return { a: 1 };
      })
      .get(
        '/chain',
        (_req: Request, _res: Response, next: NextFunction) => next(),
        () => ({ second: true }),
      );

    api
      .router('/users/:userId')
      .get('/items', (req: Request) => ({ userId: req.params['userId'] }))
      .post('/items', { statusCode: 201 }, (req: Request) => ({ userId: req.params['userId'], created: true }));

    // An error handler that sets no status.
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      errors.push(err);
      res.json({ error: err instanceof Error ? err.message : String(err) });
    });
  });

  beforeEach(() => {
    errors.length = 0;
  });

  describe('returned values are sent as JSON with the current status', () => {
    it.each([
      ['an object from a declared 201 route', '/items', 201, { id: 1 }],
      ['a value from an async handler', '/async', 201, { id: 2 }],
      ['a promise of a value', '/promise', 201, { id: 3 }],
      ['null (not undefined)', '/null', 201, null],
      ['an array', '/array', 201, [1, 2]],
    ] as const)('%s', async (_name, path, status, body) => {
      const res = await request(app).post(path);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(body);
      expect(errors).toEqual([]);
    });
  });

  describe('a handler that sends (and returns res or a value) is answered once', () => {
    it('returning res from res.status(200).json(x)', async () => {
      const res = await request(app).get('/returns-res');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ a: 1 });
      expect(errors).toEqual([]);
    });

    it('returning res from res.json(x) on a declared 201 route: the declared status', async () => {
      const res = await request(app).post('/returns-res-declared');
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ a: 1 });
      expect(errors).toEqual([]);
    });

    it.each([
      ['sync', '/sent-and-returns'],
      ['async', '/async-sent-and-returns'],
    ])('%s: sent res.json(x), then returned a value: the sent body, no second send, no error', async (_name, path) => {
      const res = await request(app).post(path);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ sent: 1 });
      await delay(10);
      expect(errors).toEqual([]);
    });
  });

  describe('errors go to the error handler, with the declared default withdrawn', () => {
    it.each([
      ['a thrown error', '/throw', 'boom'],
      ['a throw in an async handler', '/async-throw', 'async boom'],
      ['a returned rejected promise', '/reject', 'rejected'],
    ])('%s', async (_name, path, message) => {
      const res = await request(app).post(path);
      expect(errors).toHaveLength(1);
      expect((errors[0] as Error).message).toBe(message);
      expect(res.body).toEqual({ error: message });
      // the error handler set no status: it must not answer the declared 201 Created
      expect(res.status).not.toBe(201);
    });
  });

  describe("the handler's own status wins over the declared one", () => {
    it.each([
      ['res.status(202).json(x)', '/status-202'],
      ['res.status(202) + a returned value', '/status-202-returned'],
    ])('%s → 202', async (_name, path) => {
      const res = await request(app).post(path);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ a: 1 });
    });
  });

  it('a later handler of the route may return the value (after next())', async () => {
    const res = await request(app).get('/chain');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ second: true });
  });

  describe('the first layer is one function for all routes, which finds its route by req.route', () => {
    type Stacked = { route?: { path: string; stack: { handle: Function }[] } };
    type WithStack = { lazyrouter?: unknown; _router?: { stack: Stacked[] }; router?: { stack: Stacked[] } };
    /** The first layer's function of each route of an app (Express 4: `_router`; Express 5: `router`). */
    const firstLayers = (target: Express): Function[] => {
      const app = target as unknown as WithStack;
      const stack = (typeof app.lazyrouter === 'function' ? app._router?.stack : app.router?.stack) ?? [];
      return stack.flatMap((layer) => (layer.route === undefined ? [] : [layer.route.stack[0]?.handle as Function]));
    };

    it('each route runs its own handler with its own status through the shared layer', async () => {
      const own = express();
      const api = createApi(own);
      api.get('/a', () => ({ route: 'a' }));
      api.post('/b', { statusCode: 201 }, () => ({ route: 'b' }));
      api.delete('/c', { statusCode: 204 }, (_req: Request, res: Response) => { res.end(); });
      api.put('/d', { statusCode: 202 }, (err: unknown, _req: Request, _res: Response, next: NextFunction) => { next(err); },
        () => ({ route: 'd' }));
      const [a, b, c, d] = firstLayers(own);
      expect(a).toBe(b);
      expect(b).toBe(c);
      expect(d).not.toBe(a);
      expect(await request(own).get('/a')).toMatchObject({ status: 200, body: { route: 'a' } });
      expect(await request(own).post('/b')).toMatchObject({ status: 201, body: { route: 'b' } });
      expect((await request(own).delete('/c')).status).toBe(204);
      expect(await request(own).put('/d')).toMatchObject({ status: 202, body: { route: 'd' } });
    });

    it('mounted by hand outside a declared route, it passes an error on instead of running nothing', async () => {
      const own = express();
      const api = createApi(own);
      api.get('/a', () => ({ route: 'a' }));
      api.put('/d', (err: unknown, _req: Request, _res: Response, next: NextFunction) => { next(err); }, () => ({ route: 'd' }));
      const [shared, status] = firstLayers(own);
      const seen: string[] = [];
      own.get('/elsewhere', shared as never);
      own.get('/elsewhere-status', status as never);
      own.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
        seen.push(err.message);
        res.status(500).end();
      });
      expect((await request(own).get('/elsewhere')).status).toBe(500);
      expect((await request(own).get('/elsewhere-status')).status).toBe(500);
      expect(seen).toEqual([
        'express-status-routes: declaredRoute runs only as the first layer of a route declared through createApi',
        'express-status-routes: declaredStatus runs only as the first layer of a route declared through createApi',
      ]);
    });
  });

  describe("api.router('/users/:userId') merges the prefix's params", () => {
    it('GET /users/42/items sees req.params.userId', async () => {
      const res = await request(app).get('/users/42/items');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ userId: '42' });
    });

    it('POST /users/7/items: declared 201 on a child router', async () => {
      const res = await request(app).post('/users/7/items');
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ userId: '7', created: true });
    });

    it('a new child router starts with no layers, then holds one per route', () => {
      const child = createApi(express()).router('/c');
      const stack = (child.express as unknown as { stack: unknown[] }).stack;
      expect(stack).toEqual([]);
      child.get('/a', (_req, res) => res.end());
      expect(stack).toHaveLength(1);
      expect((stack[0] as { route?: { path?: string } }).route?.path).toBe('/a');
    });
  });
});
