// noBodyGuard(): the body rules for routes not declared through createApi.

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { InvalidOptionError, quote } from './errors';
import { installGuard, markGuarded } from './response-guard';
import { isPlainObject } from './route-options';
import { checkOnWarning } from './warnings';
import type { WarningHandler, WarningSink } from './warnings';

/** Options of `noBodyGuard`. */
export interface NoBodyGuardOptions {
  /**
   * Receives what the guard silently corrected, once per route and kind; `false` turns
   * warnings off. Default: Node's `process.emitWarning`.
   */
  readonly onWarning?: WarningHandler | false;
}

/**
 * A plain Express middleware that applies the body rules to every response that passes
 * through it: no body bytes and no body headers on 204, 205 (with `Content-Length: 0`) and
 * 304, none on HEAD, no 1xx as a final response (a 500 goes to the error handler instead),
 * and no crash on a write after the response ended. Routes declared through `createApi` have
 * these rules already.
 *
 * @throws InvalidOptionError for an unknown option or a bad `onWarning`.
 * @example
 * const app = express();
 * app.use(noBodyGuard());
 * app.delete('/legacy/:id', (req, res) => res.status(204).json({ deleted: true })); // sends no body
 */
export function noBodyGuard(options?: NoBodyGuardOptions): RequestHandler {
  if (options !== undefined && (!isPlainObject(options) || Object.keys(options).some((k) => k !== 'onWarning'))) {
    throw new InvalidOptionError(`Invalid noBodyGuard options ${quote(options)}: expected { onWarning?: function | false }`);
  }
  const sink: WarningSink = {
    onWarning: checkOnWarning(options === undefined ? undefined : options['onWarning'], 'noBodyGuard'),
    warned: new Set(),
  };
  return function noBodyGuardMiddleware(_req: Request, res: Response, next: NextFunction): void {
    installGuard(res);
    markGuarded(res, sink);
    next();
  };
}
