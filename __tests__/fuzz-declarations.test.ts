// Property-based: random route declarations (odd statuses, odd strings, odd schemas, odd Express
// paths, duplicates) either throw a StatusRoutesError with a known code (or Express's own
// path-syntax error) and leave nothing half-declared, or succeed; after every sequence the
// document is valid OpenAPI 3.1 with unique operationIds, and the declared routes answer at
// request time with their declared status and the path parameters the document names.
//
// Express's own path-syntax errors: Express 5 (path-to-regexp 8) throws a `PathError`, a
// TypeError, for `/a/:`, `/files/*`, `/a/:id(\\d+)`, `/a?`... when the path reaches it. Decision:
// the library does NOT need to wrap it. It is Express's error about Express's syntax, thrown
// synchronously by the same call, before anything is recorded; and with `includeInSchema: true`
// the library's own check (ERR_UNSUPPORTED_PATH) already runs first for most of them. The
// property still demands that such an error leaves the registry and the Express stack untouched.
// Express 4 (path-to-regexp 0.1) can throw a SyntaxError for a path that makes a bad RegExp.

import * as http from 'node:http';
import fc from 'fast-check';
import { createApi, HttpStatus, isBodyAllowed, StatusRoutesError } from '../lib';
import type { Api } from '../lib';
import { EXPRESS_VERSIONS } from './helpers/express-versions';
import type { ExpressModule } from './helpers/express-versions';
import { expectValidOpenApi } from './helpers/openapi-validator';
import { startServer } from './helpers/raw-http';
import { fuzzParameters } from './helpers/fuzz';
import { buildOpenApiDocument } from '../lib/openapi';
import { toOpenApiPath } from '../lib/openapi-path';

const FUZZ_INFO = { title: 'Fuzz', version: '1', description: undefined, servers: undefined };

const KNOWN_CODES: ReadonlySet<string> = new Set([
  'ERR_INVALID_STATUS_CODE',
  'ERR_BODY_NOT_ALLOWED',
  'ERR_DUPLICATE_ROUTE',
  'ERR_DUPLICATE_OPERATION_ID',
  'ERR_UNSUPPORTED_PATH',
  'ERR_INVALID_OPTION',
  'ERR_INVALID_HANDLER',
]);

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head'] as const;
type Method = (typeof METHODS)[number];

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '', ' ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '<script>alert(1)</script>',
      '\u0000', 'a\nb', '\uD800', '\uDFFF', '💥', 'é', 'x'.repeat(300), 'items_get', 'get', 'Get Items',
      '"quoted"', '{id}', '$ref', '#/components', 'bound ', 'bound bound h',
    ),
  },
);

/** A value where a string is expected, now and then not a string. */
const stringOption: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: oddString },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(5, null, true, {}, ['a'], Symbol('s'), () => 'f') },
);

const statusCode: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 200, max: 599 }) },
  { weight: 2, arbitrary: fc.constantFrom(204, 205, 304, 201, 200, 500) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 2000 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      Number.NaN, Infinity, -Infinity, -0, 0, 200.5, 204.0000001, 1e21, 2 ** 53, -201, '201', '2XX',
      'default', null, true, false, 100, 101, 103, 199, 600, 999, 1000, 201n, Object(201), [201],
      HttpStatus.CREATED, HttpStatus.NO_CONTENT, HttpStatus.CONTINUE, HttpStatus.NOT_MODIFIED,
      HttpStatus.RESET_CONTENT, HttpStatus.IM_A_TEAPOT, HttpStatus.EARLY_HINTS,
    ),
  },
);

const schemaKeyword = fc.oneof(
  fc.constantFrom(
    // No `$ref`: the library has no `components`, so a reference can only dangle, and the
    // validator (rightly) rejects a document with a dangling one: a user error.
    'type', 'properties', 'items', 'enum', 'const', 'required', 'minimum', 'format',
    'description', 'nullable', 'example', 'examples', '$schema', '$id', 'additionalProperties',
    'oneOf', 'allOf', 'x-extra', 'discriminator', 'xml', '$defs', '__proto__',
  ),
  fc.string({ maxLength: 5 }),
);

/** JSON-Schema-ish values: real-looking schemas, random JSON under schema keywords, booleans. */
const schema: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant({}) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id'] },
      { type: 'array', items: { type: 'object', additionalProperties: { type: 'number' } } },
      { type: ['string', 'null'], enum: ['a', null] },
      { oneOf: [true, false, { const: 1 }] },
      { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'string', format: 'uuid' },
    ),
  },
  { weight: 4, arbitrary: fc.dictionary(schemaKeyword, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
  // Not schemas at all: the library must reject them, or produce a document that is still valid.
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(null, 'string', 5, [], [{ type: 'string' }], new Date(0), /x/, () => ({})),
  },
);

const responseKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('200', '201', '204', '205', '304', '404', '422', '500', '1XX', '2XX', '4XX', '5XX', 'default') },
  { weight: 2, arbitrary: fc.integer({ min: 100, max: 599 }).map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('100', '103', '600', '099', '2xx', 'DEFAULT', '', '__proto__', 'toString', ' 404', '404 ', '4XXX', '6XX', '0XX'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);

const responseSpec: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ description: oddString, schema }, { requiredKeys: ['description'] }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'desc', {}, { description: 5 }, { description: 'd', extra: 1 }, []) },
);

const responses: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(responseKey, responseSpec, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], 'x', new Map()) },
);

const tags: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.array(oddString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('tag', [1], null, [null], new Set(['a'])) },
);

const booleanOption: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('yes', 0, 1, null) },
);

/** A pool of operationIds, so duplicates (and clashes with derived ids) are frequent. */
const operationId: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('op', 'listItems', 'items_get', 'get', 'h_items_get', 'h_items_get_2', 'getItem_items__id__get') },
  { weight: 2, arbitrary: stringOption },
);

const routeOptions: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record(
      {
        statusCode,
        summary: stringOption,
        description: stringOption,
        tags,
        operationId,
        deprecated: booleanOption,
        includeInSchema: booleanOption,
        responseDescription: stringOption,
        responseSchema: schema,
        responses,
      },
      { requiredKeys: [] },
    ),
    // Now and then an unknown key (a typo of a known one, or not).
    fc.oneof(
      { weight: 12, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom('statuscode', 'status', 'handler', 'statusCode ', '__proto__') },
    ),
  )
  .map(([options, extra]) => {
    const out: Record<string, unknown> = { ...options };
    if (extra !== undefined) Object.defineProperty(out, extra, { value: 201, enumerable: true, writable: true, configurable: true });
    return out;
  });

const paramName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('id', 'key', 'itemId', '_', '$', 'a1', 'tenant', 'splat') },
  { weight: 1, arbitrary: fc.constantFrom('café', 'ñ', 'x-y', '1a', '"x y"', '"id"', '') },
);

const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('items', 'a', 'b', 'v1', 'x-y', 'x.y', 'users', '~t', 'a_b') },
  { weight: 3, arbitrary: paramName.map((n) => `:${n}`) },
  { weight: 1, arbitrary: paramName.map((n) => `*${n}`) },
  { weight: 1, arbitrary: paramName.map((n) => `:${n}?`) },
  { weight: 1, arbitrary: paramName.map((n) => `{:${n}}`) },
  { weight: 1, arbitrary: fc.constantFrom('*', '', '.', '..', 'é', '%', '%20', ' ', '(x)', '[x]', 'a?', 'a+', '\\:x', ':a-:b', ':a.:b', ':id(\\d+)', ':a:b', '{a}', '💥', ':') },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
);

/** Odd Express paths: built from segments, famous shapes, RegExps. */
const expressPath: fc.Arbitrary<string | RegExp> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.array(segment, { minLength: 0, maxLength: 3 }), fc.constantFrom('/', '/', '/', '//', ''), fc.constantFrom('', '', '', '/'))
      .map(([segs, lead, trail]) => `${lead}${segs.join('/')}${segs.length > 0 ? trail : ''}`),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '/', '', '/items', '/items/:id', '/items/:key', '/items/:id?', '/items{/:id}', '/files/*', '/files/*splat',
      '*', '/*splat', '/:a-:b', '/a.:ext', '/:café', '/a/:"x y"', '//a', '/a//b', '/é', '/a b', 'a',
      '/a/:id(\\d+)', '/a/:id/:id', '/\\:x', '/a/:', '/{a}', '/a?', '/(x)', '/:$', '/second',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(/^\/re$/, /\/r(\d+)/, /^\/rx\/(?<name>[^/]+)$/) },
);

/** A handler, or something that is not one (ERR_INVALID_HANDLER). */
type HandlerKind = 'return' | 'async-return' | 'json' | 'end' | 'send' | 'error-first' | 'two' | 'nested' | 'none' | 'not-a-function';

interface Declaration {
  readonly kind: 'route';
  readonly method: Method;
  readonly path: string | RegExp;
  readonly options: Record<string, unknown> | undefined;
  readonly handler: HandlerKind;
  readonly handlerName: string;
  /** -1: the root Api; otherwise an index into the run's routers. */
  readonly router: number;
}

interface RouterDeclaration {
  readonly kind: 'router';
  readonly prefix: unknown;
  readonly options: unknown;
}

const declaration: fc.Arbitrary<Declaration> = fc.record({
  kind: fc.constant('route' as const),
  method: fc.constantFrom(...METHODS),
  path: expressPath,
  options: fc.option(routeOptions, { nil: undefined, freq: 4 }),
  handler: fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom<HandlerKind>('return', 'async-return', 'json', 'end', 'send') },
    { weight: 2, arbitrary: fc.constantFrom<HandlerKind>('error-first', 'two', 'nested') },
    { weight: 1, arbitrary: fc.constantFrom<HandlerKind>('none', 'not-a-function') },
  ),
  handlerName: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('h', 'createItem', 'getItem', '', 'bound h', 'items', 'h_items') },
    { weight: 1, arbitrary: oddString },
  ),
  router: fc.oneof({ weight: 3, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat(2) }),
});

const routerDeclaration: fc.Arbitrary<RouterDeclaration> = fc.record({
  kind: fc.constant('router' as const),
  prefix: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('/r', '/r/:tenant', '/v1/', '/', '/items', '/r2') },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('r', '', 5, '/é', '/r/*', '/r/:tenant?') },
  ),
  options: fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.record({ tags }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, { tag: ['x'] }, []) },
  ),
});

const program = fc.array(
  fc.oneof({ weight: 8, arbitrary: declaration }, { weight: 1, arbitrary: routerDeclaration }),
  { minLength: 1, maxLength: 8 },
);

// ---------------------------------------------------------------------------------------------
// Running a program
// ---------------------------------------------------------------------------------------------

/** A route that was declared without an error, with what the test needs to call it. */
interface Declared {
  readonly index: number;
  readonly method: Method;
  readonly fullPath: string | RegExp;
  /** The path as given to the method, and the prefix of the router it was declared on. */
  readonly path: string | RegExp;
  readonly prefixes: readonly string[];
  readonly status: number;
  readonly openApiPath: string | undefined;
  readonly params: readonly string[];
}

function named<T extends (...args: never[]) => unknown>(name: string, fn: T): T {
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}

/** The handlers for a declaration; each marks the response with its route index and params. */
function handlersFor(d: Declaration, index: number): unknown[] {
  const mark = (req: http.IncomingMessage & { params?: Record<string, unknown> }, res: http.ServerResponse): void => {
    res.setHeader('x-route', String(index));
    res.setHeader('x-params', encodeURIComponent(JSON.stringify(Object.keys(req.params ?? {}))));
  };
  type Res = http.ServerResponse & { json(x: unknown): unknown; send(x: unknown): unknown };
  const main = named(d.handlerName, (req: http.IncomingMessage, res: Res): unknown => {
    mark(req, res);
    switch (d.handler) {
      case 'async-return':
        return Promise.resolve({ ok: index });
      case 'json':
        res.json({ ok: index });
        return undefined;
      case 'end':
        res.end();
        return undefined;
      case 'send':
        res.send(`route ${index}`);
        return undefined;
      default:
        return { ok: index };
    }
  });
  switch (d.handler) {
    case 'none':
      return [];
    case 'not-a-function':
      return [main, { handle: main }];
    case 'error-first':
      return [(err: unknown, _req: unknown, _res: unknown, next: (e: unknown) => void) => next(err), main];
    case 'two':
      return [(_req: unknown, _res: unknown, next: () => void) => next(), main];
    case 'nested':
      return [[(_req: unknown, _res: unknown, next: () => void) => next(), [main]]];
    default:
      return [main];
  }
}

/** The Express router stack of an app (Express 4: `_router`, created lazily; Express 5: `router`). */
/**
 * How many route layers the app's router holds. Only route layers: Express 4 creates its router
 * lazily, adding its own `query` and `expressInit` layers on the first declaration, even one
 * that Express then rejects (bare Express does the same); those are not a half-declared route.
 */
function stackSize(app: { lazyrouter?: unknown; _router?: { stack: { route?: unknown }[] }; router?: { stack: { route?: unknown }[] } }): number {
  const stack = (typeof app.lazyrouter === 'function' ? app._router?.stack : app.router?.stack) ?? [];
  return stack.filter((layer) => layer.route !== undefined).length;
}

/**
 * Whether bare Express (same version, no library) answers `url` for a route declared with
 * `path`: where it does not (Express 5 serves `//` at `/`, nobody can send a literal `é`), the
 * library cannot be blamed for an unreachable route.
 */
async function bareExpressReaches(express: ExpressModule, route: Declared, url: string): Promise<boolean> {
  const { method, path } = route;
  const app = express();
  try {
    let target: { use(...args: unknown[]): unknown } = app;
    for (const prefix of route.prefixes) {
      const child = express.Router({ mergeParams: true });
      target.use(prefix, child);
      target = child;
    }
    ((target as unknown as Record<Method, (p: unknown, h: unknown) => unknown>)[method])(path, (_req: unknown, res: http.ServerResponse) => {
      res.setHeader('x-bare', '1');
      res.end();
    });
  } catch {
    return false;
  }
  const server = await startServer(app as unknown as http.RequestListener);
  try {
    const answer = await call(server.port, method, url);
    return answer.headers['x-bare'] === '1';
  } finally {
    await server.close();
  }
}

/** A thrown value the property accepts, or a description of why not. */
function checkThrown(err: unknown, expressMajor: 4 | 5): string | undefined {
  if (err instanceof StatusRoutesError) {
    if (!KNOWN_CODES.has(err.code)) return `unknown code ${err.code}`;
    if (typeof err.message !== 'string' || err.message === '') return 'empty message';
    return undefined;
  }
  // Express's own path-syntax errors (see the comment at the top).
  if (expressMajor === 5 && err instanceof TypeError && /pathToRegexpError|Missing|Unexpected|Unterminated|Invalid/.test(err.message)) {
    return undefined;
  }
  if (expressMajor === 4 && err instanceof SyntaxError && /Invalid regular expression/.test(err.message)) {
    return undefined;
  }
  return `unexpected ${err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err)}`;
}

const SAFE_LITERAL = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;

/**
 * A URL that the route should answer, and whether it must be reachable. Documented routes use
 * the OpenAPI template (the document's promise); others only when their path is plain.
 */
function urlFor(route: Declared): { url: string; mustReach: boolean } | undefined {
  let template: string;
  if (route.openApiPath !== undefined) {
    template = route.openApiPath;
  } else if (typeof route.fullPath === 'string' && /^\/(?:[A-Za-z0-9_~-]+\/?|:[A-Za-z_$][\w$]*\/?)*$/.test(route.fullPath)) {
    template = route.fullPath.replace(/:([A-Za-z_$][\w$]*)/g, '{$1}');
  } else {
    return undefined;
  }
  let i = 0;
  const parts = template.split(/(\{[^{}]*\})/);
  let mustReach = true;
  const url = parts
    .map((part) => {
      if (/^\{[^{}]*\}$/.test(part)) return `p${i++}`;
      if (!SAFE_LITERAL.test(part)) {
        // Express matches the path as sent (percent-encoded); a literal `é` or space is not
        // reachable by any client, with or without this library.
        mustReach = false;
        return encodeURI(part);
      }
      return part;
    })
    .join('');
  return { url, mustReach };
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
}

function call(port: number, method: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: method.toUpperCase(), path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      res.on('error', reject);
    });
    req.setTimeout(2000, () => req.destroy(new Error(`timeout: ${method.toUpperCase()} ${path}`)));
    req.on('error', reject);
    req.end();
  });
}

async function runProgram(express: ExpressModule, expressMajor: 4 | 5, steps: readonly (Declaration | RouterDeclaration)[]): Promise<void> {
  const app = express();
  const api = createApi(app, { title: 'Fuzz', tags: ['root'] });
  const routers: { api: Api; prefix: string }[] = [];
  const declared: Declared[] = [];

  steps.forEach((step, index) => {
    const before = api.registry.routes.length;
    const stackBefore = stackSize(app as never);
    let ok = false;
    try {
      if (step.kind === 'router') {
        routers.push({ api: api.router(step.prefix as string, step.options as never), prefix: step.prefix as string });
        ok = true;
        return;
      }
      const mount = step.router === -1 ? undefined : routers[step.router % Math.max(routers.length, 1)];
      const target = mount?.api ?? api;
      const handlers = handlersFor(step, index);
      const declare = target[step.method] as (...args: unknown[]) => Api;
      const returned = step.options === undefined ? declare(step.path, ...handlers) : declare(step.path, step.options, ...handlers);
      expect(returned).toBe(target);
      ok = true;
      expect(api.registry.routes.length).toBe(before + 1);
      const record = api.registry.routes[before];
      if (record === undefined) throw new Error('no record');
      // Whatever the path work reused (the previous declaration's, a shared parameter list),
      // a documented route has its full path's template and parameters.
      if (record.openApiPath !== undefined && typeof step.path === 'string') {
        expect({ path: record.openApiPath, params: record.params }).toEqual(toOpenApiPath(record.path, {}, expressMajor));
      }
      declared.push({
        index,
        method: step.method,
        fullPath: record.path,
        path: step.path,
        prefixes: mount === undefined ? [] : [mount.prefix],
        status: record.options.statusCode,
        openApiPath: record.openApiPath,
        params: record.params,
      });
    } catch (err) {
      if (ok) throw err;
      const why = checkThrown(err, expressMajor);
      if (why !== undefined) {
        throw new Error(`declaration #${index} threw ${why}`, { cause: err });
      }
      // Nothing half-declared: not in the registry, not in the app's stack.
      expect(api.registry.routes.length).toBe(before);
      if (step.kind === 'route' && step.router === -1) expect(stackSize(app as never)).toBe(stackBefore);
    }
  });

  // The document: valid OpenAPI 3.1, unique operationIds, declared statuses present, no content
  // on no-body statuses.
  const doc = api.openapi();
  await expectValidOpenApi(doc);
  // The registry numbers paths as it records them (`pathGroups`); numbered afresh from the
  // records alone they must make the same document.
  expect(JSON.stringify(buildOpenApiDocument(api.registry.routes, FUZZ_INFO))).toBe(
    JSON.stringify(buildOpenApiDocument(api.registry.routes, FUZZ_INFO, api.registry.pathGroups)));
  const ids: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    expect(path.startsWith('/')).toBe(true);
    for (const op of Object.values(item)) {
      if (op === undefined) continue;
      ids.push(op.operationId);
      for (const [key, response] of Object.entries(op.responses)) {
        if (!isBodyAllowed(key)) expect(response.content).toBeUndefined();
      }
    }
  }
  expect(new Set(ids).size).toBe(ids.length);
  // Templates alike but for parameter names (`/{id}`, `/{splat}`) are one OpenAPI path: the
  // first one declared, with its names, holds the operations of all of them.
  const shapeOf = (template: string): string => template.replace(/\{[^}]*\}/g, '{}');
  const docPathByShape = new Map(Object.keys(doc.paths).map((p) => [shapeOf(p), p]));
  const firstByOperation = new Map<string, Declared>();
  for (const route of declared) {
    if (route.openApiPath === undefined) continue;
    const key = `${route.method} ${shapeOf(route.openApiPath)}`;
    if (!firstByOperation.has(key)) firstByOperation.set(key, route);
  }
  for (const route of firstByOperation.values()) {
    const docPath = docPathByShape.get(shapeOf(route.openApiPath as string)) ?? '';
    const op = doc.paths[docPath]?.[route.method];
    expect(op?.responses[String(route.status)]).toBeDefined();
    const names = [...docPath.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
    expect((op?.parameters ?? []).map((p) => p.name)).toEqual(names);
    if (docPath === route.openApiPath) expect(names).toEqual(route.params);
  }

  // Request time: a handful of the declared routes answer with their declared status (or the
  // route that Express matched first answers with its own), never a crash.
  if (declared.length === 0) return;
  const server = await startServer(app as unknown as http.RequestListener);
  try {
    for (const route of declared.slice(0, 4)) {
      const target = urlFor(route);
      if (target === undefined) continue;
      const answer = await call(server.port, route.method, target.url);
      const by = answer.headers['x-route'];
      const where = `${route.method.toUpperCase()} ${target.url} (route #${route.index} ${String(route.fullPath)}, documented ${String(route.openApiPath)})`;
      if (by === undefined) {
        if (target.mustReach && (await bareExpressReaches(express, route, target.url))) {
          throw new Error(`${where}: no declared route answered (status ${answer.status})`);
        }
        expect(answer.status).toBeLessThan(500);
        continue;
      }
      const answering = declared.find((r) => String(r.index) === by);
      if (answering === undefined) throw new Error(`${where}: answered by unknown route ${String(by)}`);
      expect({ where, status: answer.status }).toEqual({ where, status: answering.status });
      if (answering.openApiPath !== undefined) {
        const keys = JSON.parse(decodeURIComponent(String(answer.headers['x-params']))) as string[];
        expect({ where, answeredBy: answering.index, params: [...keys].sort() }).toEqual({
          where,
          answeredBy: answering.index,
          params: [...answering.params].sort(),
        });
      }
    }
  } finally {
    await server.close();
  }
}

describe.each(EXPRESS_VERSIONS)('fuzz: route declarations (%s)', (label, express) => {
  const major = label.endsWith('4') ? 4 : 5;

  it('every declaration throws a known StatusRoutesError (or Express\'s path error) or succeeds; the document stays valid and the routes answer', async () => {
    await fc.assert(
      fc.asyncProperty(program, (steps) => runProgram(express, major, steps)),
      fuzzParameters(150),
    );
  });
});
