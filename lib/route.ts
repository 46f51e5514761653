// Wraps route handlers: declared status first, returned values sent, errors to next(err).

import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { installGuard } from './response-guard';

/** A route handler as users write it: Express's, or one that returns a value or a promise. */
export type Handler = (req: Request, res: Response, next: NextFunction) => unknown;
/** An error-handling route handler (four parameters). */
export type ErrorHandler = (err: unknown, req: Request, res: Response, next: NextFunction) => unknown;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null &&
    typeof (value as { then?: unknown }).then === 'function';
}

/** Sends a handler's returned value as JSON when nothing has been sent yet. */
function sendReturned(res: Response, value: unknown): void {
  if (value === undefined || value === res || res.headersSent) return;
  res.json(value);
}

/**
 * Passes a handler's error on. The declared default is withdrawn first (back to Node's 200),
 * so an error handler that sets no status does not answer with, say, 201 Created.
 */
function fail(res: Response, next: NextFunction, err: unknown, declared: number): void {
  if (!res.headersSent && res.statusCode === declared) res.statusCode = 200;
  next(err ?? new Error('Route handler rejected with ' + String(err)));
}

/** Settles what a handler returned: a value is sent, a rejection goes to next(err). */
function settle(res: Response, next: NextFunction, value: unknown, declared: number): void {
  if (value === undefined || value === res) return;
  if (isThenable(value)) {
    value.then(
      (resolved) => sendReturned(res, resolved),
      (err: unknown) => fail(res, next, err, declared),
    );
  } else {
    sendReturned(res, value);
  }
}

/**
 * Wraps one handler of a declared route. `first` is true for the route's first handler, which
 * also installs the body rules and sets the declared status before calling the handler.
 * `handlesErrors` is whether it takes four parameters (`handler.length >= 4`), as Express asks;
 * the caller reads it once, since `length` is a getter call on every function.
 */
export function wrapHandler(
  handler: Handler | ErrorHandler, declared: number, first: boolean, handlesErrors = handler.length >= 4,
): RequestHandler | ErrorRequestHandler {
  if (handlesErrors) {
    const onError = handler as ErrorHandler;
    return function declaredErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
      let value: unknown;
      try {
        value = onError(err, req, res, next);
      } catch (thrown) {
        fail(res, next, thrown, declared);
        return;
      }
      settle(res, next, value, declared);
    };
  }
  const run = handler as Handler;
  if (first) return firstLayer(run, declared);
  return function declaredHandler(req: Request, res: Response, next: NextFunction): void {
    runHandler(run, req, res, next, declared);
  };
}

/**
 * The layer of a route's first handler. Its own function, so the closure holds one context
 * (handler, status, prototype seen) per route: 10,000 routes keep 10,000 of them.
 */
function firstLayer(run: Handler, declared: number): RequestHandler {
  // The guard is installed once per Express copy; remembering the last response prototype
  // seen makes the per-request check one prototype read and one compare.
  let guardedProto: object | null = null;
  return function declaredRoute(req: Request, res: Response, next: NextFunction): void {
    const proto = Object.getPrototypeOf(res) as object | null;
    if (proto !== guardedProto) {
      installGuard(res);
      guardedProto = proto;
    }
    res.statusCode = declared;
    runHandler(run, req, res, next, declared);
  };
}

/** Calls a request handler: a throw goes to next(err), what it returns is settled. */
function runHandler(handler: Handler, req: Request, res: Response, next: NextFunction, declared: number): void {
  let value: unknown;
  try {
    value = handler(req, res, next);
  } catch (thrown) {
    fail(res, next, thrown, declared);
    return;
  }
  settle(res, next, value, declared);
}

/** The layer that sets the declared status when a route's first handler is an error handler. */
export function declaredStatusLayer(declared: number): RequestHandler {
  return function declaredStatus(_req: Request, res: Response, next: NextFunction): void {
    installGuard(res);
    res.statusCode = declared;
    next();
  };
}
