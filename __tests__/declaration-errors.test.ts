// Declaration mistakes throw at startup with a stable code, and leave nothing half-declared.
import request from 'supertest';
import {
  BodyNotAllowedError,
  createApi,
  DuplicateOperationIdError,
  DuplicateRouteError,
  InvalidHandlerError,
  InvalidOptionError,
  InvalidStatusCodeError,
  Registry,
  StatusRoutesError,
  UnsupportedPathError,
} from '../lib';
import type { Api } from '../lib';
import { EXPRESS_VERSIONS } from './helpers/express-versions';
import { expectValidOpenApi } from './helpers/openapi-validator';

const ok = (): string => 'ok';

/** Calls `fn` and returns what it threw. */
function thrown(fn: () => unknown): StatusRoutesError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StatusRoutesError);
    return err as StatusRoutesError;
  }
  throw new Error('expected a throw');
}

describe.each(EXPRESS_VERSIONS)('declaration errors (%s)', (_name, express) => {
  let api: Api;
  beforeEach(() => {
    api = createApi(express());
  });

  it.each([0, 99, 100, 101, 103, 199, 600, 999, 1000, -1, 200.5, Number.NaN, Infinity, '201', null, true])(
    'rejects statusCode %p with ERR_INVALID_STATUS_CODE, naming method, path and value',
    (bad) => {
      const err = thrown(() => api.post('/items', { statusCode: bad } as never, ok));
      expect(err).toBeInstanceOf(InvalidStatusCodeError);
      expect(err.code).toBe('ERR_INVALID_STATUS_CODE');
      expect(err.method).toBe('post');
      expect(err.path).toBe('/items');
      expect(err.message).toContain('POST /items');
      expect(err.message).toContain(typeof bad === 'string' ? `"${bad}"` : String(bad));
      expect(api.registry.routes).toHaveLength(0);
    },
  );

  it.each([200, 201, 299, 404, 599])('accepts statusCode %p', (good) => {
    api.post('/items', { statusCode: good as 201 }, ok);
    expect(api.registry.routes[0]?.options.statusCode).toBe(good);
  });

  it.each([204, 205, 304])('rejects responseSchema on %p with ERR_BODY_NOT_ALLOWED', (code) => {
    const err = thrown(() => api.delete('/items/:id', { statusCode: code as 204, responseSchema: { type: 'object' } }, ok));
    expect(err).toBeInstanceOf(BodyNotAllowedError);
    expect(err.code).toBe('ERR_BODY_NOT_ALLOWED');
    expect(err.message).toContain('DELETE /items/:id');
    expect(err.message).toContain(String(code));
  });

  it.each<[string, unknown, string]>([
    ['not a string', { $id: [] }, '#'],
    ['empty (it would name the document itself)', { type: 'object', $id: '' }, '#'],
    ['nested in items', { type: 'array', items: { $id: 5 } }, '#/items'],
    ['in a property schema', { properties: { 'a/b': { $id: null } } }, '#/properties/a~1b'],
  ])('rejects a schema whose $id is %s', (_label, schema, at) => {
    const err = thrown(() => api.get('/x', { responseSchema: schema as never }, ok));
    expect(err.code).toBe('ERR_INVALID_OPTION');
    expect(err.message).toContain('"$id"');
    expect(err.message).toContain(` at ${at} `);
    const viaResponses = thrown(() => api.get('/y', { responses: { 400: { description: 'bad', schema: schema as never } } }, ok));
    expect(viaResponses.code).toBe('ERR_INVALID_OPTION');
    expect(api.registry.routes).toHaveLength(0);
  });

  it('reads only the options object\'s own keys: a polluted Object.prototype adds no option', () => {
    const proto = Object.prototype as Record<string, unknown>;
    Object.defineProperty(proto, 'pollutedOption', { value: 1, enumerable: true, configurable: true });
    try {
      api.post('/items', { statusCode: 201 }, ok);
      api.get('/items', {}, ok);
      expect(api.registry.routes.map((r) => r.options.statusCode)).toEqual([201, 200]);
    } finally {
      delete proto['pollutedOption'];
    }
  });

  it('reads options objects without a prototype', () => {
    const options = Object.assign(Object.create(null) as Record<string, unknown>, { statusCode: 201, summary: 'Make' });
    api.post('/items', options as never, ok);
    expect(api.registry.routes[0]?.options).toMatchObject({ statusCode: 201, summary: 'Make' });
  });

  it('accepts $id as a property name, and inside data keywords', async () => {
    api.get('/x', { responseSchema: { type: 'object', properties: { $id: { type: 'string' } }, $id: 'https://example.com/x' } }, ok);
    api.get('/y', { responseSchema: { type: 'object', examples: [{ $id: 7 }] } }, ok);
    expect(api.registry.routes).toHaveLength(2);
    await expectValidOpenApi(api.openapi());
  });

  it('rejects a schema for a no-body status in responses', () => {
    const err = thrown(() => api.get('/x', { responses: { 304: { description: 'cached', schema: {} } } }, ok));
    expect(err.code).toBe('ERR_BODY_NOT_ALLOWED');
  });

  it('rejects the same method and path twice, parameter names aside, with ERR_DUPLICATE_ROUTE', () => {
    api.get('/items/:id', ok);
    const err = thrown(() => api.get('/items/:itemId', ok));
    expect(err).toBeInstanceOf(DuplicateRouteError);
    expect(err.code).toBe('ERR_DUPLICATE_ROUTE');
    expect(err.message).toContain('GET /items/:itemId');
    expect(api.registry.routes).toHaveLength(1);
    // Another method on the same path is a different route.
    api.put('/items/:id', ok);
    expect(api.registry.routes).toHaveLength(2);
  });

  it('a duplicate whatever names either side uses, and after either was seen first', () => {
    api.get('/a/:id', ok);
    api.put('/a/:key', ok); // another method: allowed, and now `/a/{key}` is known too
    for (const path of ['/a/:key', '/a/:id', '/a/:other']) {
      expect(thrown(() => api.get(path, ok)).code).toBe('ERR_DUPLICATE_ROUTE');
      expect(thrown(() => api.put(path, ok)).code).toBe('ERR_DUPLICATE_ROUTE');
    }
    api.delete('/a/:other', ok);
    expect(thrown(() => api.delete('/a/:id', ok)).code).toBe('ERR_DUPLICATE_ROUTE');
    expect(api.registry.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['get /a/:id', 'put /a/:key', 'delete /a/:other']);
  });

  it('a route left out of the schema is still the same route as a documented one on its path', () => {
    api.get('/a/:id', ok);
    expect(thrown(() => api.get('/a/:key', { includeInSchema: false }, ok)).code).toBe('ERR_DUPLICATE_ROUTE');
    api.get('/b/:key', { includeInSchema: false }, ok);
    expect(thrown(() => api.get('/b/:id', ok)).code).toBe('ERR_DUPLICATE_ROUTE');
    expect(thrown(() => api.get('/b/:other', { includeInSchema: false }, ok)).code).toBe('ERR_DUPLICATE_ROUTE');
    api.put('/b/:id', ok); // another method
    expect(api.registry.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['get /a/:id', 'get /b/:key', 'put /b/:id']);
  });

  it('a RegExp route is never the same route as a string path that reads alike', () => {
    api.get('/d/', ok);
    api.get(/d/, { includeInSchema: false }, ok);
    api.get('/^x$/', ok);
    api.get(/^x$/, { includeInSchema: false }, ok);
    expect(thrown(() => api.get(/d/, { includeInSchema: false }, ok)).code).toBe('ERR_DUPLICATE_ROUTE');
    expect(api.registry.routes).toHaveLength(4);
  });

  it('a Registry checked for one record and then given another still checks the other', () => {
    const registry = new Registry();
    const api2 = createApi(express(), { registry });
    api2.get('/a', ok);
    const [first] = registry.routes;
    if (first === undefined) throw new Error('no record');
    registry.check({ ...first, path: '/b', openApiPath: '/b' });
    expect(thrown(() => registry.add(first)).code).toBe('ERR_DUPLICATE_ROUTE');
    expect(registry.routes).toHaveLength(1);
  });

  it('sees duplicates across routers through the full path', () => {
    api.get('/users/:userId/items', ok);
    const err = thrown(() => api.router('/users/:userId').get('/items', ok));
    expect(err.code).toBe('ERR_DUPLICATE_ROUTE');
    expect(err.path).toBe('/users/:userId/items');
  });

  it('sees duplicates across Apis sharing one registry', () => {
    const registry = new Registry();
    createApi(express(), { registry }).get('/a', ok);
    const err = thrown(() => createApi(express(), { registry }).get('/a', ok));
    expect(err.code).toBe('ERR_DUPLICATE_ROUTE');
  });

  it('rejects an explicit operationId used twice with ERR_DUPLICATE_OPERATION_ID', () => {
    api.get('/a', { operationId: 'listThings' }, ok);
    const err = thrown(() => api.get('/b', { operationId: 'listThings' }, ok));
    expect(err).toBeInstanceOf(DuplicateOperationIdError);
    expect(err.code).toBe('ERR_DUPLICATE_OPERATION_ID');
    expect(err.message).toContain('"listThings"');
    expect(err.message).toContain('GET /b');
    expect(err.message).toContain('GET /a');
  });

  it.each([
    [/^\/re(gex)?$/],
    ['/files/*'],
    ['/items/:id?'],
  ])('rejects the undocumentable path %p with ERR_UNSUPPORTED_PATH, unless includeInSchema is false', (path) => {
    const err = thrown(() => api.get(path as string, ok));
    expect(err).toBeInstanceOf(UnsupportedPathError);
    expect(err.code).toBe('ERR_UNSUPPORTED_PATH');
    expect(err.message).toContain(String(path).replace(/"/g, ''));
  });

  it.each([
    ['/users/:id', '/items/:id', '/users/:id/items/:id'],
    ['/users/:id/', '/items/:id', '/users/:id/items/:id'],
    ['/t/:tenant/u/:id', '/x/:tenant', '/t/:tenant/u/:id/x/:tenant'],
  ])('rejects a parameter name that the router prefix %p already has, in %p', (prefix, path, full) => {
    const err = thrown(() => api.router(prefix).get(path, ok));
    expect(err).toBeInstanceOf(UnsupportedPathError);
    expect(err.message).toContain(`"${full}" for GET: a parameter name appears twice`);
    expect([err.method, err.path]).toEqual(['get', full]);
  });

  it('serves a RegExp route left out of the schema', async () => {
    const app = express();
    createApi(app).get(/^\/re(gex)?$/, { includeInSchema: false, statusCode: 202 }, () => ({ ok: true }));
    await request(app).get('/regex').expect(202, { ok: true });
  });

  it('hints at an option name given in the wrong case, for createApi and docs too', () => {
    const onApi = thrown(() => createApi(express(), { Title: 'Shop' } as never));
    expect(onApi.code).toBe('ERR_INVALID_OPTION');
    expect(onApi.message).toContain('Unknown createApi option "Title": did you mean title?');
    const onDocs = thrown(() => api.docs({ docspath: '/d' } as never));
    expect(onDocs.message).toContain('Unknown docs option "docspath": did you mean docsPath?');
    expect(thrown(() => api.docs({ other: 1 } as never)).message).toMatch(/Unknown docs option "other"$/);
  });

  it.each([
    [{ statuscode: 201 }, 'ERR_INVALID_OPTION', 'did you mean statusCode?'],
    [{ summary: 5 }, 'ERR_INVALID_OPTION', 'summary'],
    [{ tags: 'items' }, 'ERR_INVALID_OPTION', 'tags'],
    [{ deprecated: 'yes' }, 'ERR_INVALID_OPTION', 'deprecated'],
    [{ responses: { 404: 'Not found' } }, 'ERR_INVALID_OPTION', '404'],
    [{ responses: { 4040: { description: 'x' } } }, 'ERR_INVALID_OPTION', '4040'],
    [{ responseSchema: 'object' }, 'ERR_INVALID_OPTION', 'responseSchema'],
    [{ includeInSchema: 0 }, 'ERR_INVALID_OPTION', 'includeInSchema'],
    [{ operationId: ['a'] }, 'ERR_INVALID_OPTION', 'operationId'],
    [{ responseDescription: null }, 'ERR_INVALID_OPTION', 'responseDescription'],
    [{ description: {} }, 'ERR_INVALID_OPTION', 'description'],
    // An unknown key is reported before any bad value, wherever it stands.
    [{ statusCode: 99, sumary: 'x' }, 'ERR_INVALID_OPTION', 'Unknown route option "sumary"'],
    [{ summary: 5, tagz: [] }, 'ERR_INVALID_OPTION', 'Unknown route option "tagz"'],
    [{ statusCode: 99, summary: 5 }, 'ERR_INVALID_STATUS_CODE', '99'],
  ])('rejects bad route options %p', (options, code, mention) => {
    const err = thrown(() => api.get('/x', options as never, ok));
    expect(err.code).toBe(code);
    expect(err.message).toContain(mention);
    expect(err.message).toContain('GET /x');
  });

  it.each([[[]], [['not a function']], [[null]], [[ok, 42]]])('rejects handlers %p with ERR_INVALID_HANDLER', (handlers) => {
    const err = thrown(() => api.get('/x', {}, ...(handlers as never[])));
    expect(err).toBeInstanceOf(InvalidHandlerError);
    expect(err.code).toBe('ERR_INVALID_HANDLER');
  });

  it('rejects a target that is not Express, and bad createApi options', () => {
    expect(thrown(() => createApi({} as never)).code).toBe('ERR_INVALID_OPTION');
    expect(thrown(() => createApi(express(), { titel: 'x' } as never))).toBeInstanceOf(InvalidOptionError);
    expect(thrown(() => createApi(express(), { servers: 'http://x' } as never)).code).toBe('ERR_INVALID_OPTION');
    expect(thrown(() => api.router('items')).code).toBe('ERR_INVALID_OPTION');
  });

  it('leaves Express untouched when a declaration fails', async () => {
    const app = express();
    const local = createApi(app);
    local.get('/taken', () => 'first');
    expect(() => local.get('/taken', () => 'second')).toThrow(DuplicateRouteError);
    expect(() => local.post('/bad', { statusCode: 100 } as never, () => 'never')).toThrow(InvalidStatusCodeError);
    await request(app).get('/taken').expect(200, '"first"');
    await request(app).post('/bad').expect(404);
  });
});
