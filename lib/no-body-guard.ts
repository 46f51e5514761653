// noBodyGuard(): the body rules for routes not declared through createApi.

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { installGuard, markGuarded } from './response-guard';

/**
 * A plain Express middleware that applies the body rules to every response that passes
 * through it: no body bytes and no body headers on 204, 205 (with `Content-Length: 0`) and
 * 304, none on HEAD, no 1xx as a final response (a 500 goes to the error handler instead),
 * and no crash on a write after the response ended. Routes declared through `createApi` have
 * these rules already.
 *
 * @example
 * const app = express();
 * app.use(noBodyGuard());
 * app.delete('/legacy/:id', (req, res) => res.status(204).json({ deleted: true })); // sends no body
 */
export function noBodyGuard(): RequestHandler {
  return function noBodyGuardMiddleware(_req: Request, res: Response, next: NextFunction): void {
    installGuard(res);
    markGuarded(res);
    next();
  };
}
