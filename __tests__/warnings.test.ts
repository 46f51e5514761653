// What the body rules silently correct is reported once per route, to a handler or nowhere.
import request from 'supertest';
import { createApi, noBodyGuard, StatusRoutesWarning } from '../lib';
import { EXPRESS_VERSIONS } from './helpers/express-versions';

describe.each(EXPRESS_VERSIONS)('warnings (%s)', (_name, express) => {
  it('reports body bytes dropped on a 204, once per route, with the route and a code', async () => {
    const seen: StatusRoutesWarning[] = [];
    const app = express();
    const api = createApi(app, { onWarning: (w) => seen.push(w) });
    api.delete('/items/:id', { statusCode: 204 }, (_req, res) => res.end('gone'));
    api.get('/ok', (_req, res) => res.end('fine'));
    await request(app).delete('/items/1').expect(204);
    await request(app).delete('/items/2').expect(204);
    await request(app).get('/ok').expect(200, 'fine');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(StatusRoutesWarning);
    expect(seen[0]?.code).toBe('ESR_BODY_DISCARDED');
    expect(seen[0]?.route).toBe('DELETE /items/:id');
  });

  it('does not warn for HEAD, whose body is dropped by design', async () => {
    const seen: StatusRoutesWarning[] = [];
    const app = express();
    createApi(app, { onWarning: (w) => seen.push(w) }).get('/file', (_req, res) => res.end('content'));
    await request(app).head('/file').expect(200);
    expect(seen).toHaveLength(0);
  });

  it('reports a write after end', async () => {
    const seen: StatusRoutesWarning[] = [];
    const app = express();
    createApi(app, { onWarning: (w) => seen.push(w) }).get('/late', (_req, res) => {
      res.end('a');
      res.write('x');
    });
    await request(app).get('/late').expect(200, 'a');
    expect(seen.map((w) => w.code)).toEqual(['ESR_WRITE_AFTER_END']);
  });

  it('goes to process warnings by default, and nowhere with onWarning: false', async () => {
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const app = express();
      createApi(app).get('/a', { statusCode: 205 }, (_req, res) => res.end('x'));
      createApi(app, { onWarning: false }).get('/b', { statusCode: 205 }, (_req, res) => res.end('x'));
      await request(app).get('/a').expect(205);
      await request(app).get('/b').expect(205);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]?.[0]).toContain('GET /a');
      expect(spy.mock.calls[0]?.[1]).toEqual({ type: 'ExpressStatusRoutesWarning', code: 'ESR_BODY_DISCARDED' });
    } finally {
      spy.mockRestore();
    }
  });

  it('survives a warning handler that throws', async () => {
    const app = express();
    createApi(app, { onWarning: () => { throw new Error('boom'); } }).get('/x', { statusCode: 204 }, (_req, res) => res.end('x'));
    await request(app).get('/x').expect(204, '');
  });

  it('noBodyGuard takes its own handler', async () => {
    const seen: string[] = [];
    const app = express();
    app.use(noBodyGuard({ onWarning: (w) => seen.push(w.route) }));
    app.get('/plain', (_req, res) => res.status(304).end('x'));
    await request(app).get('/plain').expect(304);
    expect(seen).toEqual(['GET /plain']);
  });

  it('rejects a bad onWarning at setup', () => {
    expect(() => createApi(express(), { onWarning: 'log' as never })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }));
    expect(() => noBodyGuard({ onWarning: 1 as never })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }));
    expect(() => noBodyGuard({ warn: false } as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }));
  });
});
