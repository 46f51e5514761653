// Wraps route handlers: declared status first, returned values sent, errors to next(err).

import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { DECLARED_ROUTE, installGuard } from './response-guard';
import type { RoutedRequest } from './guarded-response';

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
 * Wraps one handler of a declared route that is not its first request handler (see
 * `declaredRoute` for that one): a later request handler, or an error handler.
 * `handlesErrors` is whether it takes four parameters (`handler.length >= 4`), as Express asks;
 * the caller reads it once, since `length` is a getter call on every function.
 */
export function wrapHandler(handler: Handler | ErrorHandler, declared: number, handlesErrors: boolean): RequestHandler | ErrorRequestHandler {
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
  return function declaredHandler(req: Request, res: Response, next: NextFunction): void {
    runHandler(run, req, res, next, declared);
  };
}

/** Set on a declared route's record: its first handler when that is a request handler. */
export const FIRST_HANDLER = Symbol('express-status-routes.firstHandler');
/** Set on a declared route's record: the response prototype the guard was last seen installed on. */
export const GUARDED_PROTO = Symbol('express-status-routes.guardedProto');

/** What the shared first layers read from a declared route's record (`route[DECLARED_ROUTE]`). */
export interface FirstLayerEntry {
  readonly options: { readonly statusCode: number };
  readonly [FIRST_HANDLER]: Handler | undefined;
  [GUARDED_PROTO]: object | null;
}

/** The record of the route being dispatched, or `undefined` when the layer is used elsewhere. */
function entryOf(req: Request): FirstLayerEntry | undefined {
  return (req as unknown as RoutedRequest).route?.[DECLARED_ROUTE] as FirstLayerEntry | undefined;
}

/** A shared first layer reached without its declared route (mounted elsewhere by hand). */
function outsideItsRoute(name: string): Error {
  return new Error(`express-status-routes: ${name} runs only as the first layer of a route declared through createApi`);
}

/**
 * The first layer of every declared route whose first handler is a request handler: one
 * function for all of them, which finds the route's handler and status on the route's record
 * (`req.route`, which Express sets before it dispatches the route). 10,000 routes keep no
 * closure of their own for it. It installs the body rules, sets the declared status, then runs
 * the handler.
 */
export function declaredRoute(req: Request, res: Response, next: NextFunction): void {
  const entry = entryOf(req);
  const run = entry?.[FIRST_HANDLER];
  if (entry === undefined || run === undefined) {
    next(outsideItsRoute('declaredRoute'));
    return;
  }
  runHandler(run, req, res, next, startDeclared(entry, res));
}

/**
 * What a declared route does before its handlers: the body rules installed on `res`'s
 * prototype chain, and the declared status set. Returns that status. The guard is installed
 * once per Express copy; remembering the last response prototype seen makes the per-request
 * check one prototype read and one compare.
 */
function startDeclared(entry: FirstLayerEntry, res: Response): number {
  const proto = Object.getPrototypeOf(res) as object | null;
  if (proto !== entry[GUARDED_PROTO]) {
    installGuard(res);
    entry[GUARDED_PROTO] = proto;
  }
  const declared = entry.options.statusCode;
  res.statusCode = declared;
  return declared;
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

/**
 * The first layer of a declared route whose first handler is an error handler: it installs the
 * body rules and sets the declared status, then passes on. Shared by all such routes, as
 * `declaredRoute` is.
 */
export function declaredStatus(req: Request, res: Response, next: NextFunction): void {
  const entry = entryOf(req);
  if (entry === undefined) {
    next(outsideItsRoute('declaredStatus'));
    return;
  }
  startDeclared(entry, res);
  next();
}
