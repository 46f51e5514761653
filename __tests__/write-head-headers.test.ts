// writeHead(code, headers) on a no-body status: the body headers go, every other header stays,
// in each of the forms Node accepts (object, flat array, array of pairs) and with a reason.
import type * as http from 'node:http';
import type { Request, Response } from 'express';
import { createApi } from '../lib';
import { EXPRESS_VERSIONS } from './helpers/express-versions';
import { header, rawExchange, startServer } from './helpers/raw-http';

const FORMS: ReadonlyArray<readonly [string, (res: Response, code: number) => void]> = [
  ['an object', (res, code) => res.writeHead(code, { 'X-Request-Id': 'abc', 'Content-Length': 7, 'Content-Type': 'application/json' })],
  ['a reason and an object', (res, code) => res.writeHead(code, 'Custom Reason', { 'X-Request-Id': 'abc', 'Content-Type': 'text/plain' })],
  ['a flat array', (res, code) => res.writeHead(code, ['X-Request-Id', 'abc', 'Content-Length', '7'])],
  ['an array of pairs', (res, code) => (res.writeHead as (c: number, h: unknown) => void)(code, [['X-Request-Id', 'abc'], ['Content-Type', 'text/plain']])],
];

describe.each(EXPRESS_VERSIONS)('writeHead headers on no-body statuses (%s)', (_label, express) => {
  it.each(FORMS.flatMap(([name, call]) => [204, 205, 304].map((code) => [code, name, call] as const)))(
    '%p with %s: X-Request-Id kept, body headers gone',
    async (code, name, call) => {
      const app = express();
      createApi(app, { onWarning: false }).get('/x', (_req: Request, res: Response) => {
        call(res, code);
        res.end('1234567');
      });
      app.get('/second', (_req: Request, res: Response) => res.send('SECOND'));
      const server = await startServer(app as unknown as http.RequestListener);
      try {
        const ex = await rawExchange(server.port, ['GET /x HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /second HTTP/1.1\r\nHost: x\r\n\r\n']);
        const [first, second] = ex.responses;
        expect(first?.status).toBe(code);
        if (name.startsWith('a reason')) expect(first?.reason).toBe('Custom Reason');
        expect(header(first, 'x-request-id')).toBe('abc');
        expect(header(first, 'content-type')).toBeUndefined();
        expect(header(first, 'transfer-encoding')).toBeUndefined();
        expect(header(first, 'content-length')).toBe(code === 205 ? '0' : undefined);
        expect(first?.body.length).toBe(0);
        expect(second?.body.toString()).toBe('SECOND');
        expect(ex.leftover.length).toBe(0);
      } finally {
        await server.close();
      }
    },
  );
});
