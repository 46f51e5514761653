// createApi(): the route wrapper. Checks each declaration, records it, registers it on Express.

import type { Application, Router } from 'express';
import { InvalidHandlerError, InvalidOptionError, UnsupportedPathError, quote } from './errors';
import type { RouteContext } from './errors';
import { normalizeApiOptions } from './api-options';
import type { ApiOptions } from './api-options';
import { checkTags, isPlainObject, normalizeRouteOptions } from './route-options';
import type { NormalizedRouteOptions, RouteOptions } from './route-options';
import { sameNames, templateShape, toOpenApiPath } from './openapi-path';
import type { OpenApiPath } from './openapi-path';
import { ROUTE_SHAPE, Registry } from './registry';
import type { HttpMethod, RouteRecord } from './registry';
import { FIRST_HANDLER, GUARDED_PROTO, declaredRoute, declaredStatus, wrapHandler } from './route';
import type { ErrorHandler, FirstLayerEntry, Handler } from './route';
import { DECLARED_ROUTE, installGuardOnApp } from './response-guard';
import type { DeclaredRouteSink } from './guarded-response';
import { expressMajorOf, newChildRouter } from './express-router';
import type { ExpressTarget } from './express-router';
import { OpenApiCache } from './openapi-cache';
import type { OpenApiDocument } from './openapi';
import { mountDocs } from './docs';
import type { DocsOptions } from './docs';
import type { WarningHandler } from './warnings';

/** Request handlers, or (nested) arrays of them, as in Express. */
export type PlainHandlers = ReadonlyArray<Handler | PlainHandlers>;
/** What a route takes after its options: handlers, error handlers, or arrays of them. */
export type RouteHandlers = ReadonlyArray<Handler | ErrorHandler | RouteHandlers>;

/**
 * Declares a route for one HTTP method. Returns the Api, so calls chain. The overloads with
 * plain handlers come first so inline `(req, res) => ...` handlers get their parameter types.
 */
export interface RouteMethod {
  (path: string | RegExp, options: RouteOptions, ...handlers: PlainHandlers): Api;
  (path: string | RegExp, ...handlers: PlainHandlers): Api;
  (path: string | RegExp, options: RouteOptions, ...handlers: RouteHandlers): Api;
  (path: string | RegExp, ...handlers: RouteHandlers): Api;
}

/** Options of `api.router(prefix, options)`. */
export interface RouterOptions {
  /** Tags added to every route of the child router. */
  readonly tags?: readonly string[];
}

/**
 * The route wrapper returned by `createApi`. Each method declares a route with an optional
 * options object before the handlers, records it in the registry, and returns the Api.
 */
export interface Api {
  /** Declares a GET route (Express also answers HEAD with it). */
  readonly get: RouteMethod;
  /** Declares a POST route. */
  readonly post: RouteMethod;
  /** Declares a PUT route. */
  readonly put: RouteMethod;
  /** Declares a PATCH route. */
  readonly patch: RouteMethod;
  /** Declares a DELETE route. */
  readonly delete: RouteMethod;
  /** Declares an OPTIONS route. */
  readonly options: RouteMethod;
  /** Declares a HEAD route. */
  readonly head: RouteMethod;
  /**
   * A child Api on a new `express.Router({ mergeParams: true })` mounted at `prefix`, sharing
   * this Api's registry; its routes are documented with the full path.
   */
  router(prefix: string, options?: RouterOptions): Api;
  /** Mounts `/openapi.json`, `/docs` (Swagger UI) and `/redoc` (ReDoc) on the wrapped target. */
  docs(options?: DocsOptions): Api;
  /** The OpenAPI 3.1 document of the registry's routes (cached until a route is added). */
  openapi(): OpenApiDocument;
  /** The registry the routes are recorded in. */
  readonly registry: Registry;
  /** The wrapped Express application or router. */
  readonly express: Application | Router;
}

const NO_PARAMS: readonly string[] = Object.freeze([]);
/** The layers of a route with one request handler: the shared first layer alone. */
const ONLY_FIRST_LAYER: readonly unknown[] = Object.freeze([declaredRoute]);
const METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head'];

/** What an Api and all its routers share. */
type SharedApiState = Pick<ApiState, 'registry' | 'cache' | 'title' | 'expressMajor' | 'warnings' | 'paramLists' | 'lastParams'>;

interface ApiState {
  readonly target: ExpressTarget;
  readonly prefix: string;
  readonly tags: readonly string[];
  readonly registry: Registry;
  readonly cache: OpenApiCache;
  readonly title: string;
  readonly expressMajor: 4 | 5;
  /** Where the guard reports for this Api's routes; `warned` holds what was already reported. */
  readonly warnings: { readonly onWarning: WarningHandler | undefined; readonly warned: Set<string> };
  /** Path parameter lists already made, shared by the routes alike (by all routers of the Api). */
  readonly paramLists: Map<string, readonly string[]>;
  /** The last of `paramLists` used, by its length (see `internParams`). */
  readonly lastParams: (readonly string[] | undefined)[];
  /** This Api's tags merged with a route's own, by the route's own tags (see `routeTags`). */
  readonly routeTags: Map<string, readonly string[]>;
  /** The last path documented on this Api, its full path and its OpenAPI form. */
  readonly lastPath: PathMemo;
  /** The last route tags made on this Api, by their key (see `routeTags`). */
  readonly lastTags: { key: string | undefined; tags: readonly string[] | undefined };
}

/** A path as given, with what was made of it. */
interface PathMemo {
  path: string | undefined;
  fullPath: string;
  documented: OpenApiPath | undefined;
}

/** A memo that matches no path. */
function newPathMemo(): PathMemo {
  return { path: undefined, fullPath: '', documented: undefined };
}

/** Where a `DeclaredRoute` keeps its Api's warning sink. */
const WARNINGS = Symbol('express-status-routes.warnings');

/**
 * A declared route: the registry's record, and also what its Express Route carries (see
 * `DECLARED_ROUTE`) for the guard (its method and path, and the Api's warning handler) and for
 * the shared first layer (its first handler). One object per route serves all three, kept for
 * the process's lifetime.
 */
class DeclaredRoute implements RouteRecord, DeclaredRouteSink, FirstLayerEntry {
  // Fields are `declare`d and assigned once in the constructor: class field definitions would
  // define each one first, then assign it, for every one of 10,000 routes.
  declare readonly method: HttpMethod;
  declare readonly path: string;
  declare readonly openApiPath: string | undefined;
  declare readonly params: readonly string[];
  declare readonly handlerName: string;
  declare readonly tags: readonly string[];
  declare readonly options: NormalizedRouteOptions;
  /** The Api's warning sink: symbol-keyed, so the record's own keys are the RouteRecord's. */
  declare readonly [WARNINGS]: ApiState['warnings'];
  /** See `ROUTE_SHAPE`: set only on routes left out of the schema. */
  declare [ROUTE_SHAPE]?: string | undefined;
  /** The first handler, which the shared first layer runs (see `declaredRoute`). */
  declare readonly [FIRST_HANDLER]: Handler | undefined;
  /** The shared first layer's memo of the response prototype it saw the guard on. */
  declare [GUARDED_PROTO]: object | null;

  constructor(
    method: HttpMethod, path: string, openApiPath: string | undefined, params: readonly string[],
    handlerName: string, tags: readonly string[], options: NormalizedRouteOptions, warnings: ApiState['warnings'],
    first: Handler | undefined,
  ) {
    this.method = method;
    this.path = path;
    this.openApiPath = openApiPath;
    this.params = params;
    this.handlerName = handlerName;
    this.tags = tags;
    this.options = options;
    this[WARNINGS] = warnings;
    this[FIRST_HANDLER] = first;
    this[GUARDED_PROTO] = null;
  }

  get onWarning(): WarningHandler | undefined {
    return this[WARNINGS].onWarning;
  }

  get warned(): Set<string> {
    return this[WARNINGS].warned;
  }
}

/** Joins a router prefix and a route path the way Express matches them. */
function joinPath(prefix: string, path: string): string {
  if (prefix === '' || prefix === '/') return path;
  if (path === '/' || path === '') return prefix;
  const base = prefix.endsWith('/') ? prefix.replace(/\/+$/, '') : prefix;
  // Joined into one flat string: the registry keeps it, and a concatenation would keep both parts too.
  return [base, path.startsWith('/') ? '' : '/', path].join('');
}

function isExpressTarget(value: unknown): value is ExpressTarget {
  return typeof value === 'function' &&
    typeof (value as Partial<ExpressTarget>).use === 'function' &&
    typeof (value as Partial<ExpressTarget>).route === 'function';
}

/**
 * The route's Express layers, arrays flattened: the shared `declaredRoute` for the first
 * handler (returned as `first`, for the record to carry), or `declaredStatus` before it when
 * it handles errors; each later handler wrapped (see `wrapHandler`).
 * @throws InvalidHandlerError when there is no handler or one is not a function.
 */
function routeLayers(
  args: readonly unknown[], from: number, status: number, ctx: RouteContext,
): { layers: readonly unknown[]; first: Handler | undefined; last: Handler | ErrorHandler } {
  // One request handler, as most routes have: the one shared layer list, no array per route.
  const only = args.length === from + 1 ? args[from] : undefined;
  if (typeof only === 'function' && only.length < 4) return { layers: ONLY_FIRST_LAYER, first: only as Handler, last: only as Handler };
  let handlers = args;
  for (let i = from; i < args.length; i++) {
    // Arrays of handlers are rare; `flat(Infinity)` costs a copy for every route otherwise.
    if (Array.isArray(args[i])) {
      handlers = args.slice(from).flat(Infinity as 1);
      from = 0;
      break;
    }
  }
  if (handlers.length <= from) throw new InvalidHandlerError(undefined, ctx);
  const layers: unknown[] = [];
  let first: Handler | undefined;
  for (let i = from; i < handlers.length; i++) {
    const h = handlers[i];
    if (typeof h !== 'function') throw new InvalidHandlerError(h, ctx);
    const handlesErrors = (h as Handler | ErrorHandler).length >= 4;
    if (i > from) {
      layers.push(wrapHandler(h as Handler | ErrorHandler, status, handlesErrors));
    } else if (handlesErrors) {
      // Express skips an error handler while there is no error: the status is set before it.
      layers.push(declaredStatus, wrapHandler(h as ErrorHandler, status, true));
    } else {
      first = h as Handler;
      layers.push(declaredRoute);
    }
  }
  return { layers, first, last: handlers[handlers.length - 1] as Handler | ErrorHandler };
}

/** The Api's tags, then the route's, without duplicates; shares the Api's array when it can. */
function mergeTags(base: readonly string[], extra: readonly string[]): readonly string[] {
  if (extra.length === 0) return base;
  if (base.length === 0) return extra;
  return Object.freeze([...new Set([...base, ...extra])]);
}

/**
 * One shared frozen list per distinct parameter list: 10,000 routes under
 * `/:tenant/items/:id` keep one `['tenant', 'id']`, not 10,000. Names are identifiers (no
 * `/`), so the joined names are an unambiguous key. A list not seen before is kept as given,
 * frozen: `params` must be an array made for this call (as `toOpenApiPath` makes).
 */
function internParams(state: ApiState, params: readonly string[]): readonly string[] {
  const length = params.length;
  if (length === 0) return NO_PARAMS;
  // The last list of each length first: routes alike come together (`/:tenant/items` and
  // `/:tenant/items/:id` alternate), and comparing names allocates nothing.
  const last = state.lastParams[length];
  if (last !== undefined && sameNames(last, params)) return last;
  const key = length === 1 ? (params[0] as string) : params.join('/');
  let list = state.paramLists.get(key);
  if (list === undefined) {
    // `toOpenApiPath` made the array for this path alone: frozen as it is, not copied.
    list = Object.freeze(params);
    state.paramLists.set(key, list);
  }
  state.lastParams[length] = list;
  return list;
}

/**
 * The Api's tags, then the route's own: one shared frozen list per distinct own tags. Keyed so
 * that no two lists share a key whatever the tags hold (`['a,b']` is not `['a', 'b']`).
 */
function routeTags(state: ApiState, own: readonly string[]): readonly string[] {
  if (own.length === 0) return state.tags;
  // One tag is its own key unless it starts with "[", as every JSON-encoded list does.
  const one = own.length === 1 ? (own[0] as string) : undefined;
  const key = one !== undefined && !one.startsWith('[') ? one : JSON.stringify(own);
  const memo = state.lastTags;
  if (key === memo.key && memo.tags !== undefined) return memo.tags;
  let tags = state.routeTags.get(key);
  if (tags === undefined) {
    tags = mergeTags(state.tags, own);
    if (!Object.isFrozen(tags)) tags = Object.freeze(tags.slice());
    state.routeTags.set(key, tags);
  }
  memo.key = key;
  memo.tags = tags;
  return tags;
}

/**
 * How the registry knows a route left out of the schema (see `ROUTE_SHAPE`): a string path by
 * its OpenAPI template's shape when it has one, as a documented route on the same path would
 * be; a RegExp by its source, apart from every path.
 */
function undocumentedShape(path: string | undefined, fullPath: string, expressMajor: 4 | 5): string | undefined {
  if (path === undefined) return `\0RegExp ${fullPath}`;
  // Without a leading "/" Express never matches it: not the same route as any other.
  if (!path.startsWith('/')) return undefined;
  try {
    return templateShape(toOpenApiPath(fullPath, {}, expressMajor).path);
  } catch {
    return undefined; // a path the document cannot hold: the registry uses the Express path
  }
}

function declare(state: ApiState, api: Api, method: HttpMethod, path: unknown, args: readonly unknown[]): Api {
  const isString = typeof path === 'string';
  if (!isString && !(path instanceof RegExp)) {
    throw new InvalidOptionError(`Invalid path ${quote(path)} for ${method.toUpperCase()}: expected a string or RegExp`, { method });
  }
  // Routes on the path declared just before (GET, PUT, DELETE `/items/:id`) reuse its work.
  const memo = state.lastPath;
  const same = isString && path === memo.path;
  const fullPath = same ? memo.fullPath : isString ? joinPath(state.prefix, path) : `${state.prefix}${String(path)}`;
  const ctx: RouteContext = { method, path: fullPath };
  const hasOptions = args.length > 0 && isPlainObject(args[0]);
  const options = normalizeRouteOptions(hasOptions ? args[0] : undefined, ctx);
  const { layers, first, last } = routeLayers(args, hasOptions ? 1 : 0, options.statusCode, ctx);
  if (isString && options.includeInSchema && !path.startsWith('/')) {
    throw new UnsupportedPathError(path, 'Express matches paths from their leading "/", so this route would never answer', ctx);
  }
  let documented: OpenApiPath | undefined;
  if (options.includeInSchema) {
    if (same && memo.documented !== undefined) {
      documented = memo.documented;
    } else {
      const converted = toOpenApiPath(isString ? fullPath : path, ctx, state.expressMajor);
      documented = { path: converted.path, params: internParams(state, converted.params) };
      if (isString) {
        memo.path = path;
        memo.fullPath = fullPath;
        memo.documented = documented;
      }
    }
  }
  const tags = routeTags(state, options.tags);
  const record = new DeclaredRoute(
    method, fullPath, documented?.path, documented?.params ?? NO_PARAMS, last.name, tags, options, state.warnings, first);
  if (!options.includeInSchema) record[ROUTE_SHAPE] = undocumentedShape(isString ? path : undefined, fullPath, state.expressMajor);
  state.registry.check(record);
  // Express may reject the path syntax here; the registry is written only after it accepted.
  const route = state.target.route(path);
  const register = route[method];
  if (typeof register !== 'function') {
    throw new InvalidOptionError(`Express does not support method ${method.toUpperCase()} on ${fullPath}`, ctx);
  }
  // `apply` passes the list's items as arguments: the shared frozen list is only read.
  register.apply(route, layers as unknown[]);
  route[DECLARED_ROUTE] = record;
  state.registry.add(record);
  return api;
}

/**
 * The state of an Api or of one of its routers: what they share, and this one's own. Made by
 * one object literal, so every Api and router state has the same shape (and each field is
 * written once): `declare` reads it for every route, and code optimised for one shape would
 * be thrown away at the first router made another way.
 */
function apiState(shared: SharedApiState, target: ExpressTarget, prefix: string, tags: readonly string[]): ApiState {
  return {
    target,
    prefix,
    tags,
    registry: shared.registry,
    cache: shared.cache,
    title: shared.title,
    expressMajor: shared.expressMajor,
    warnings: shared.warnings,
    paramLists: shared.paramLists,
    lastParams: shared.lastParams,
    routeTags: new Map(),
    lastPath: newPathMemo(),
    lastTags: { key: undefined, tags: undefined },
  };
}

function makeApi(state: ApiState): Api {
  const api = {
    router(prefix: string, options?: RouterOptions): Api {
      if (typeof prefix !== 'string' || !prefix.startsWith('/')) {
        throw new InvalidOptionError(`Invalid router prefix ${quote(prefix)}: expected a path starting with "/"`);
      }
      if (options !== undefined && (!isPlainObject(options) || Object.keys(options).some((k) => k !== 'tags'))) {
        throw new InvalidOptionError(`Invalid router options ${quote(options)} for ${prefix}: expected { tags?: string[] }`);
      }
      const routerTags: unknown = options === undefined ? undefined : (options as RouterOptions).tags;
      const child = newChildRouter(state.target);
      state.target.use(prefix, child);
      return makeApi(apiState(state, child, joinPath(state.prefix, prefix), mergeTags(state.tags, checkTags(routerTags, `router ${prefix}`))));
    },
    docs(options?: DocsOptions): Api {
      mountDocs(state.target as unknown as Router, state.cache, state.title, options);
      return api;
    },
    openapi(): OpenApiDocument {
      return state.cache.document();
    },
    registry: state.registry,
    express: state.target as unknown as Application | Router,
  } as Api;
  for (const method of METHODS) {
    Object.defineProperty(api, method, {
      enumerable: true,
      value: (path: unknown, ...args: unknown[]) => declare(state, api, method, path, args),
    });
  }
  return api;
}

/**
 * Wraps an Express application or router. Routes declared through the returned Api get their
 * declared status on the wire, HTTP's body rules, and an entry in the OpenAPI document.
 *
 * @param target - an Express 4 or 5 `Application` or `Router`.
 * @param options - document info (`title`, `version`, `description`, `servers`), `tags` for
 *   every route, and an optional shared `registry`.
 * @throws InvalidOptionError when `target` is not an Express app or router, or an option is bad.
 * @example
 * const app = express();
 * const api = createApi(app, { title: 'Inventory' });
 * api.post('/items', { statusCode: status.HTTP_201_CREATED }, (req) => ({ id: 1, ...req.body }));
 * api.delete('/items/:id', { statusCode: 204 }, (req, res) => res.end());
 * api.docs(); // /openapi.json, /docs, /redoc
 */
export function createApi(target: Application | Router, options?: ApiOptions): Api {
  if (!isExpressTarget(target)) {
    throw new InvalidOptionError(`Invalid createApi target ${quote(target)}: expected an Express application or Router`);
  }
  const checked = normalizeApiOptions(options);
  // An application's response prototype is known now; a router's is patched on first request.
  installGuardOnApp(target);
  const shared: SharedApiState = {
    registry: checked.registry,
    cache: new OpenApiCache(checked.registry, {
      title: checked.title,
      version: checked.version,
      description: checked.description,
      servers: checked.servers,
    }),
    title: checked.title,
    warnings: { onWarning: checked.onWarning, warned: new Set() },
    expressMajor: expressMajorOf(target),
    paramLists: new Map(),
    lastParams: [],
  };
  return makeApi(apiState(shared, target, '', checked.tags));
}
