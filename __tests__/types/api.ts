// Type tests for a route's declared status (routeOptions.statusCode), with the Express 5 types.

import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { createApi, HttpStatus, status } from 'express-status-routes';
import type { Api } from 'express-status-routes';

const app = express();
const api: Api = createApi(app);

function handler(_req: Request, res: Response): void {
  res.json({ ok: true });
}

// Accepted: integers 200–599 as literals, HttpStatus members, status constants.
api.post('/x', { statusCode: 201 }, handler);
api.post('/x', { statusCode: HttpStatus.CREATED }, handler);
api.post('/x', { statusCode: status.HTTP_201_CREATED }, handler);
api.delete('/x/:id', { statusCode: HttpStatus.NO_CONTENT }, handler);
api.put('/x/:id', { statusCode: 599 }, handler);
api.get('/x', handler);
createApi(app).post('/x', { statusCode: 201 }, handler).get('/y', { statusCode: 200 }, handler);
createApi(express.Router()).patch('/z', { statusCode: status.HTTP_202_ACCEPTED, summary: 'Patch' }, handler);

// Handlers may return a value (sent as JSON) or a promise of one.
api.get('/items/:id', { statusCode: 200 }, (req: Request, res: Response) => {
  res.setHeader('x-id', req.params['id'] ?? '');
  return { id: req.params['id'] };
});
api.post('/items', { statusCode: 201 }, async (req: Request) => ({ body: req.body as unknown }));
api.get('/next', (_req: Request, _res: Response, next: NextFunction) => next());

// Rejected: 1xx, out of range, strings.
// @ts-expect-error 100 is interim, not a route's status
api.post('/x', { statusCode: 100 }, handler);
// @ts-expect-error 600 is out of range
api.post('/x', { statusCode: 600 }, handler);
// @ts-expect-error 199 is interim
api.post('/x', { statusCode: 199 }, handler);
// @ts-expect-error HttpStatus.CONTINUE is interim
api.post('/x', { statusCode: HttpStatus.CONTINUE }, handler);
// @ts-expect-error status.HTTP_100_CONTINUE is interim
api.post('/x', { statusCode: status.HTTP_100_CONTINUE }, handler);
// @ts-expect-error a string is not a status
api.post('/x', { statusCode: '201' }, handler);

declare const fromConfig: number;
// @ts-expect-error a plain number must be checked and narrowed first
api.post('/x', { statusCode: fromConfig }, handler);

// Inline handlers get their parameter types from the overloads (no implicit any under strict).
createApi(express()).get('/inline', (req, res) => {
  res.status(200).json({ id: req.params['id'] });
});
createApi(express()).post('/inline', { statusCode: 201 }, async (req) => ({ body: req.body as unknown }));
