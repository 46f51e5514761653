// Express-version facts the wrapper needs without importing `express` itself: which major a
// target belongs to, and how to make a child Router of the same copy.

import { InvalidOptionError } from './errors';
import { DECLARED_ROUTE } from './guarded-response';
import type { DeclaredRouteSink } from './guarded-response';

/** What the Express target must offer: `use` and `route`, as apps and routers of 4 and 5 do. */
export interface ExpressTarget {
  use(...args: unknown[]): unknown;
  route(path: unknown): Record<string, (...handlers: unknown[]) => unknown> & { [DECLARED_ROUTE]?: DeclaredRouteSink };
  lazyrouter?: () => void;
  _router?: object;
  router?: object;
  response?: unknown;
}

/** Which Express major `target` belongs to: Express 4 apps have `lazyrouter`, and Express 4
 * routers inherit from their factory function. */
export function expressMajorOf(target: ExpressTarget): 4 | 5 {
  if (typeof target.lazyrouter === 'function') return 4;
  if ('router' in target && target.router !== undefined) return 5;
  return typeof Object.getPrototypeOf(target) === 'function' ? 4 : 5;
}

/** Express 5's Router constructor by its prototype, found once per process (see below). */
const routerByPrototype = new WeakMap<object, (options: object) => ExpressTarget>();

/**
 * A new Router of the same Express major and copy as `target`, without importing `express`
 * ourselves (the app may use another copy, or Express 4 beside 5). Express 4's router
 * prototype is its factory. Express 5's routers inherit from `Router.prototype` of the `router`
 * package, which has no link back to `Router`; the loaded module whose export owns that
 * prototype is found in the CommonJS cache (Express is CommonJS, also when imported from ESM).
 */
export function newChildRouter(target: ExpressTarget): ExpressTarget {
  let router: object;
  if (typeof target.lazyrouter === 'function') {
    target.lazyrouter(); // Express 4 app: its router is created on first use
    router = target._router as object;
  } else {
    router = 'router' in target && target.router !== undefined ? target.router : target;
  }
  const proto: unknown = Object.getPrototypeOf(router);
  if (typeof proto === 'function') return settled((proto as (options: object) => ExpressTarget)({ mergeParams: true }));
  const shared = Object.getPrototypeOf(proto) as object;
  let factory = routerByPrototype.get(shared);
  if (factory === undefined) {
    for (const mod of Object.values(require.cache)) {
      const exported: unknown = mod?.exports;
      if (typeof exported === 'function' && (exported as { prototype?: unknown }).prototype === shared) {
        factory = exported as (options: object) => ExpressTarget;
        routerByPrototype.set(shared, factory);
        break;
      }
    }
  }
  if (factory === undefined) {
    throw new InvalidOptionError(
      'Cannot create a child router for this Express target: create one with ' +
        'express.Router({ mergeParams: true }), mount it, and pass it to createApi');
  }
  return settled(factory({ mergeParams: true }));
}

/**
 * `router` with its (empty) layer stack already holding objects, as far as V8 is concerned.
 * A new Router's `stack` is `[]`, which V8 stores as small integers until the first Layer goes
 * in. That change, at the first route of every router, made V8 throw away the optimised code
 * of `declare` (Express's `route()` is inlined into it), which then ran unoptimised for a
 * thousand routes or more until it was compiled again: one deoptimisation per `api.router()`.
 * Putting an object in and taking it out makes the change now, before any route; the stack is
 * empty again and Express sees no difference.
 */
function settled(router: ExpressTarget): ExpressTarget {
  const stack: unknown = (router as { stack?: unknown }).stack;
  if (Array.isArray(stack) && stack.length === 0) {
    stack.push(null);
    stack.pop();
  }
  return router;
}

