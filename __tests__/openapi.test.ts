// The OpenAPI generator and its cache: every document through a real OpenAPI 3.1 validator,
// then small assertions on the fragments that matter.

import { buildOpenApiDocument } from '../lib/openapi';
import { titleCase } from '../lib/openapi-names';
import type { ApiInfo, OpenApiDocument } from '../lib/openapi';
import { OpenApiCache } from '../lib/openapi-cache';
import { Registry } from '../lib/registry';
import type { HttpMethod, RouteRecord } from '../lib/registry';
import { normalizeRouteOptions } from '../lib/route-options';
import type { RouteOptions } from '../lib/route-options';
import { toOpenApiPath } from '../lib/openapi-path';
import { createApi } from '../lib';
import { EXPRESS_VERSIONS } from './helpers/express-versions';
import { expectValidOpenApi, validateOpenApi } from './helpers/openapi-validator';

const INFO: ApiInfo = { title: 'Test API', version: '1.2.3', description: undefined, servers: undefined };

/** A record as `createApi` would make it, without Express. */
function record(
  method: HttpMethod,
  path: string,
  options: RouteOptions = {},
  handlerName = '',
  tags: readonly string[] = [],
): RouteRecord {
  const ctx = { method, path };
  const normalized = normalizeRouteOptions(options, ctx);
  const documented = normalized.includeInSchema ? toOpenApiPath(path, ctx) : undefined;
  return {
    method,
    path,
    openApiPath: documented?.path,
    params: documented?.params ?? [],
    handlerName,
    tags: [...new Set([...tags, ...normalized.tags])],
    options: normalized,
  };
}

/** Builds, validates, returns. */
async function build(routes: readonly RouteRecord[], info: ApiInfo = INFO): Promise<OpenApiDocument> {
  const doc = buildOpenApiDocument(routes, info);
  await expectValidOpenApi(doc);
  return doc;
}

function registryOf(routes: readonly RouteRecord[]): Registry {
  const registry = new Registry();
  for (const r of routes) registry.add(r);
  return registry;
}

describe('the validator helper', () => {
  it('accepts a minimal 3.1 document', async () => {
    await expectValidOpenApi({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} });
  });

  it.each<[string, unknown]>([
    ['no info', { openapi: '3.1.0', paths: {} }],
    ['a response without description', {
      openapi: '3.1.0', info: { title: 't', version: '1' },
      paths: { '/a': { get: { responses: { 200: { content: {} } } } } },
    }],
    ['a path parameter that is not required', {
      openapi: '3.1.0', info: { title: 't', version: '1' },
      paths: { '/a/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: false }], responses: {} } } },
    }],
  ])('rejects a document with %s, printing the errors', async (_label, doc) => {
    expect((await validateOpenApi(doc)).valid).toBe(false);
    await expect(expectValidOpenApi(doc)).rejects.toThrow(/Invalid OpenAPI document/);
  });

  it('rejects a valid 3.0 document: we promise 3.1', async () => {
    await expect(expectValidOpenApi({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} }))
      .rejects.toThrow(/3\.1/);
  });
});

describe('buildOpenApiDocument', () => {
  it('an empty registry: openapi, info, empty paths', async () => {
    expect(await build([])).toEqual({ openapi: '3.1.0', info: { title: 'Test API', version: '1.2.3' }, paths: {} });
  });

  it('info.description and servers', async () => {
    const doc = await build([], {
      ...INFO,
      description: 'All **the** items',
      servers: [{ url: 'https://api.example.com/v1', description: 'prod' }],
    });
    expect(doc.info).toEqual({ title: 'Test API', version: '1.2.3', description: 'All **the** items' });
    expect(doc.servers).toEqual([{ url: 'https://api.example.com/v1', description: 'prod' }]);
    expect(Object.keys(doc)).toEqual(['openapi', 'info', 'servers', 'paths']);
  });

  it('the declared status with content, and none for 204/205/304', async () => {
    const doc = await build([
      record('post', '/items', { statusCode: 201 }, 'createItem'),
      record('delete', '/items/:id', { statusCode: 204 }, 'deleteItem'),
      record('post', '/reset', { statusCode: 205 }, 'reset'),
      record('get', '/cached', { statusCode: 304, responseDescription: 'Not modified' }, 'cached'),
      record('get', '/items', { responseSchema: { type: 'array' }, responseDescription: 'The items' }, 'listItems'),
    ]);
    expect(doc.paths['/items']?.post?.responses).toEqual({
      201: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
    });
    expect(doc.paths['/items/{id}']?.delete?.responses).toEqual({ 204: { description: 'Successful Response' } });
    expect(doc.paths['/reset']?.post?.responses).toEqual({ 205: { description: 'Successful Response' } });
    expect(doc.paths['/cached']?.get?.responses).toEqual({ 304: { description: 'Not modified' } });
    expect(doc.paths['/items']?.get?.responses).toEqual({
      200: { description: 'The items', content: { 'application/json': { schema: { type: 'array' } } } },
    });
  });

  it('extra responses: content only with a schema and a body-allowed key', async () => {
    const doc = await build([record('get', '/items/:id', {
      responseSchema: { type: 'object' },
      responses: {
        200: { description: 'The item' },
        404: { description: 'Not found' },
        '4XX': { description: 'Client error', schema: { type: 'object', properties: { detail: { type: 'string' } } } },
        304: { description: 'Not modified' },
        default: { description: 'Unexpected error', schema: { type: 'object' } },
      },
    }, 'getItem')]);
    expect(doc.paths['/items/{id}']?.get?.responses).toEqual({
      // An entry for the declared status overrides its description and keeps its content.
      200: { description: 'The item', content: { 'application/json': { schema: { type: 'object' } } } },
      304: { description: 'Not modified' },
      404: { description: 'Not found' },
      '4XX': {
        description: 'Client error',
        content: { 'application/json': { schema: { type: 'object', properties: { detail: { type: 'string' } } } } },
      },
      default: { description: 'Unexpected error', content: { 'application/json': { schema: { type: 'object' } } } },
    });
  });

  it('an extra entry with a schema for the declared status replaces its content', async () => {
    const doc = await build([record('post', '/items', {
      statusCode: 201,
      responses: { 201: { description: 'Created', schema: { type: 'object' } } },
    }, 'createItem')]);
    expect(doc.paths['/items']?.post?.responses).toEqual({
      201: { description: 'Created', content: { 'application/json': { schema: { type: 'object' } } } },
    });
  });

  it('boolean schemas are kept', async () => {
    const doc = await build([record('get', '/anything', { responseSchema: true }, 'anything')]);
    expect(doc.paths['/anything']?.get?.responses['200']?.content).toEqual({ 'application/json': { schema: true } });
  });

  it('path parameters, router prefixes included, required strings in order', async () => {
    const doc = await build([record('get', '/t/:tenant/users/:userId/files/*path', {}, 'getFile')]);
    const param = (name: string): object => ({ name, in: 'path', required: true, schema: { type: 'string' } });
    expect(doc.paths['/t/{tenant}/users/{userId}/files/{path}']?.get?.parameters)
      .toEqual([param('tenant'), param('userId'), param('path')]);
    expect(doc.paths['/t/{tenant}/users/{userId}/files/{path}']?.get).not.toHaveProperty('requestBody');
  });

  it('no parameters key for a path without parameters', async () => {
    const doc = await build([record('get', '/items', {}, 'listItems')]);
    expect(doc.paths['/items']?.get).not.toHaveProperty('parameters');
  });

  it('operation fields in FastAPI order, optional ones only when set', async () => {
    const doc = await build([
      record('get', '/items', {}, 'listItems'),
      record('put', '/items/:id', { description: 'Replaces it.', deprecated: true, summary: 'Put it' }, 'updateItem', ['items']),
    ]);
    expect(doc.paths['/items']?.get).toEqual({
      summary: 'List Items',
      operationId: 'listItems_items_get',
      responses: { 200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } } },
    });
    const put = doc.paths['/items/{id}']?.put;
    expect(Object.keys(put ?? {})).toEqual(['tags', 'summary', 'description', 'operationId', 'deprecated', 'parameters', 'responses']);
    expect(put).toMatchObject({ tags: ['items'], summary: 'Put it', description: 'Replaces it.', deprecated: true });
  });

  it('deprecated: false leaves the key out', async () => {
    const doc = await build([record('get', '/a', { deprecated: false }, 'a')]);
    expect(doc.paths['/a']?.get).not.toHaveProperty('deprecated');
  });

  it('tags on operations, and the used tags listed once at the top, in order of first use', async () => {
    const doc = await build([
      record('get', '/a', { tags: ['b'] }, 'a', ['api']),
      record('get', '/b', { tags: ['a', 'b'] }, 'b', ['api']),
      record('get', '/c', {}, 'c'),
    ]);
    expect(doc.paths['/a']?.get?.tags).toEqual(['api', 'b']);
    expect(doc.paths['/b']?.get?.tags).toEqual(['api', 'a', 'b']);
    expect(doc.paths['/c']?.get).not.toHaveProperty('tags');
    expect(doc.tags).toEqual([{ name: 'api' }, { name: 'b' }, { name: 'a' }]);
  });

  it('no top-level tags when no route has one', async () => {
    expect(await build([record('get', '/a', {}, 'a')])).not.toHaveProperty('tags');
  });

  it('includeInSchema: false leaves the route out', async () => {
    const doc = await build([
      record('get', '/hidden', { includeInSchema: false }, 'hidden'),
      record('get', /^\/re$/ as unknown as string, { includeInSchema: false }, 'regex'),
      record('get', '/shown', {}, 'shown'),
    ]);
    expect(Object.keys(doc.paths)).toEqual(['/shown']);
  });

  it('methods of one path share its path item; head and options are documented', async () => {
    const doc = await build([
      record('get', '/items', {}, 'listItems'),
      record('head', '/items', { statusCode: 204 }, 'headItems'),
      record('options', '/items', { statusCode: 204 }, 'itemOptions'),
      record('post', '/items', { statusCode: 201 }, 'createItem'),
    ]);
    expect(Object.keys(doc.paths['/items'] ?? {})).toEqual(['get', 'head', 'options', 'post']);
  });

  it('templates that differ only in parameter names share the first one (OpenAPI: MUST NOT exist twice)', async () => {
    const doc = await build([
      record('get', '/users/:id/items', {}, 'listItems'),
      record('post', '/users/:userId/items', { statusCode: 201 }, 'createItem'),
      record('get', '/users/:userId/items/:itemId', {}, 'getItem'),
    ]);
    expect(Object.keys(doc.paths)).toEqual(['/users/{id}/items', '/users/{userId}/items/{itemId}']);
    expect(doc.paths['/users/{id}/items']?.post?.parameters?.map((p) => p.name)).toEqual(['id']);
    expect(doc.paths['/users/{id}/items']?.post?.operationId).toBe('createItem_users__userId__items_post');
  });

  it('two routes with the same template and method: the first declared is documented', async () => {
    const doc = await build([
      record('get', '/items/:id(\\d+)', {}, 'byNumber'),
      record('get', '/items/:id', {}, 'byName'),
    ]);
    expect(doc.paths['/items/{id}']?.get?.summary).toBe('By Number');
  });

  describe('summary', () => {
    it.each<[string, string]>([
      ['createItem', 'Create Item'],
      ['getItemById', 'Get Item By Id'],
      ['create_item', 'Create Item'],
      ['read_items_v2', 'Read Items V2'],
      ['getHTTPStatus', 'Get HTTP Status'],
      ['ItemsController', 'Items Controller'],
      ['get /items/{id}', 'Get Items Id'],
      ['post /', 'Post'],
    ])('titleCase(%p) → %p', (text, summary) => {
      expect(titleCase(text)).toBe(summary);
    });

    it('from the handler name, a bound one included; from method and path when anonymous', async () => {
      const doc = await build([
        record('post', '/items', {}, 'createItem'),
        record('get', '/items/:id', {}, 'bound getItemById'),
        record('put', '/items/:id', {}, ''),
        record('delete', '/items/:id', { summary: 'Remove it' }, 'deleteItem'),
        record('get', '/users', {}, ''),
        record('get', '/users/:id', {}, 'createItem'),
        record('put', '/users/:id', {}, 'bound createItem'),
      ]);
      expect(doc.paths['/items']?.post?.summary).toBe('Create Item');
      expect(doc.paths['/items/{id}']?.get?.summary).toBe('Get Item By Id');
      expect(doc.paths['/items/{id}']?.put?.summary).toBe('Put Items Id');
      expect(doc.paths['/items/{id}']?.delete?.summary).toBe('Remove it');
      // Anonymous handlers each take their own method and path; named ones share by name.
      expect(doc.paths['/users']?.get?.summary).toBe('Get Users');
      expect(doc.paths['/users/{id}']?.get?.summary).toBe('Create Item');
      expect(doc.paths['/users/{id}']?.put?.summary).toBe('Create Item');
    });
  });

  describe('operationId', () => {
    function ids(doc: OpenApiDocument): string[] {
      return Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    }

    it('derived like FastAPI: {handlerName}{path}_{method}, sanitised', async () => {
      const doc = await build([
        record('post', '/items', {}, 'createItem'),
        record('get', '/items/:id', {}, 'getItem'),
        record('get', '/', {}, 'index'),
        record('put', '/items/:id', {}, ''),
        record('patch', '/', {}, ''),
        record('get', '/é/:x', {}, 'bound naïve'),
      ]);
      expect(ids(doc)).toEqual([
        'createItem_items_post', 'getItem_items__id__get', 'items__id__put', 'index__get', 'patch', 'na_ve____x__get',
      ]);
    });

    it('explicit ones used as given', async () => {
      const doc = await build([record('get', '/a', { operationId: 'fetch-the.a' }, 'a')]);
      expect(doc.paths['/a']?.get?.operationId).toBe('fetch-the.a');
    });

    it('derived duplicates get _2, _3 in declaration order', async () => {
      const doc = await build([
        record('get', '/a-b', {}, 'h'),
        record('get', '/a_b', {}, 'h'),
        record('get', '/a.b', {}, 'h'),
      ]);
      expect(ids(doc)).toEqual(['h_a_b_get', 'h_a_b_get_2', 'h_a_b_get_3']);
    });

    it('a derived id never takes an explicit one, even one declared later', async () => {
      const doc = await build([
        record('get', '/items', {}, 'listItems'),
        record('post', '/other', { operationId: 'listItems_items_get' }, 'other'),
        record('get', '/more', { operationId: 'listItems_items_get_2' }, 'more'),
      ]);
      expect(ids(doc)).toEqual(['listItems_items_get_3', 'listItems_items_get', 'listItems_items_get_2']);
      expect(new Set(ids(doc)).size).toBe(3);
    });

    it('unique when one handler name is another followed by "_", whichever comes first', async () => {
      // `get` + `_b_c` and `get_b` + `_c` run together.
      const shortFirst = await build([record('get', '/b/c', {}, 'get'), record('get', '/c', {}, 'get_b')]);
      expect(ids(shortFirst)).toEqual(['get_b_c_get', 'get_b_c_get_2']);
      const longFirst = await build([record('get', '/c', {}, 'get_b'), record('get', '/b/c', {}, 'get')]);
      expect(ids(longFirst)).toEqual(['get_b_c_get', 'get_b_c_get_2']);
      const apart = await build([record('get', '/b/c', {}, 'get'), record('get', '/c', {}, 'getB')]);
      expect(ids(apart)).toEqual(['get_b_c_get', 'getB_c_get']);
    });

    it('unique when an anonymous handler\'s path reads like a named one\'s', async () => {
      const doc = await build([record('get', '/x', {}, 'h'), record('get', '/h/x', {}, '')]);
      expect(ids(doc)).toEqual(['h_x_get', 'h_x_get_2']);
    });

    it('ids handed out before a collision could first happen still count against it', async () => {
      // The anonymous handler (third) is the first that could collide; the fourth route's id is
      // the first one's, which must still be seen as taken.
      const doc = await build([
        record('get', '/a-b', {}, 'h'),
        record('get', '/z', {}, 'k'),
        record('get', '/q', {}, ''),
        record('get', '/a_b', {}, 'h'),
      ]);
      expect(ids(doc)).toEqual(['h_a_b_get', 'k_z_get', 'q_get', 'h_a_b_get_2']);
    });

    it('unique over a thousand routes with the same handler', async () => {
      const routes: RouteRecord[] = [];
      for (let i = 0; i < 1000; i++) routes.push(record('get', i % 2 ? `/x-${i >> 1}` : `/x_${i >> 1}`, {}, 'same'));
      const doc = await build(routes);
      expect(new Set(ids(doc)).size).toBe(1000);
    });
  });

  describe('mutation', () => {
    it('the document is deep-frozen', async () => {
      const doc = await build([record('get', '/items/:id', { tags: ['t'], responses: { 404: { description: 'x' } } }, 'getItem')]);
      const op = doc.paths['/items/{id}']?.get;
      expect(Object.isFrozen(doc)).toBe(true);
      expect(Object.isFrozen(doc.info)).toBe(true);
      expect(Object.isFrozen(doc.paths)).toBe(true);
      expect(Object.isFrozen(doc.paths['/items/{id}'])).toBe(true);
      expect(Object.isFrozen(op)).toBe(true);
      expect(Object.isFrozen(op?.tags)).toBe(true);
      expect(Object.isFrozen(op?.parameters?.[0]?.schema)).toBe(true);
      expect(Object.isFrozen(op?.responses['404'])).toBe(true);
      expect(Object.isFrozen(op?.responses['200']?.content?.['application/json']?.schema)).toBe(true);
      expect(() => {
        (doc.paths as Record<string, unknown>)['/evil'] = {};
      }).toThrow(TypeError);
      expect(() => {
        (op as { summary: string }).summary = 'changed';
      }).toThrow(TypeError);
    });

    it("copies the user's schemas: neither frozen nor followed when changed later", async () => {
      const schema = { type: 'object', properties: { id: { type: 'integer' } } };
      const servers = [{ url: '/v1' }];
      const doc = await build(
        [record('get', '/a', { responseSchema: schema }, 'a'), record('get', '/b', { responseSchema: schema }, 'b')],
        { ...INFO, servers },
      );
      expect(Object.isFrozen(schema)).toBe(false);
      expect(Object.isFrozen(servers)).toBe(false);
      schema.properties.id.type = 'string';
      servers.push({ url: '/v2' });
      const a = doc.paths['/a']?.get?.responses['200']?.content?.['application/json']?.schema;
      expect(a).toEqual({ type: 'object', properties: { id: { type: 'integer' } } });
      // A schema shared by routes is copied once.
      expect(doc.paths['/b']?.get?.responses['200']?.content?.['application/json']?.schema).toBe(a);
      expect(doc.servers).toEqual([{ url: '/v1' }]);
    });
  });

  it('a schema with an $id is written once, then referenced (validators reject a duplicate $id)', async () => {
    const item = { $id: 'https://example.com/schemas/item', type: 'object' };
    const list = { type: 'array', items: item };
    const doc = await build([
      record('get', '/items/:id', { responseSchema: item }, 'getItem'),
      record('get', '/items', { responseSchema: list }, 'listItems'),
      record('post', '/items', { statusCode: 201, responseSchema: item }, 'createItem'),
      record('put', '/items/:id', { responseSchema: { $id: 'https://example.com/schemas/item', type: 'string' } }, 'replaceItem'),
    ]);
    const schema = (path: string, method: 'get' | 'post' | 'put', status = '200'): unknown =>
      doc.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
    expect(schema('/items/{id}', 'get')).toEqual(item);
    expect(schema('/items', 'get')).toEqual({ type: 'array', items: { $ref: 'https://example.com/schemas/item' } });
    expect(schema('/items', 'post', '201')).toEqual({ $ref: 'https://example.com/schemas/item' });
    // Another schema claiming the same $id: the first declared one is the one meant.
    expect(schema('/items/{id}', 'put')).toEqual({ $ref: 'https://example.com/schemas/item' });
  });

  it('is deterministic: equal records give equal bytes', async () => {
    const make = (): RouteRecord[] => [
      record('post', '/items', { statusCode: 201, tags: ['items'] }, 'createItem'),
      record('get', '/items/:id', { responses: { 404: { description: 'Not found' } } }, 'getItem'),
    ];
    const a = await build(make());
    expect(JSON.stringify(buildOpenApiDocument(make(), INFO))).toBe(JSON.stringify(a));
  });
});

describe('OpenApiCache', () => {
  const routes = (): RouteRecord[] => [
    record('post', '/items', { statusCode: 201 }, 'createItem'),
    record('delete', '/items/:id', { statusCode: 204 }, 'deleteItem'),
  ];

  it.each<[string, string]>([
    ['ASCII only', 'Plain text'],
    ['Latin-1 letters', 'Créer un élément'],
    ['characters beyond Latin-1', 'Создать — 创建'],
    ['an astral character (a surrogate pair)', 'Create 🚀'],
    ['a lone surrogate (JSON.stringify escapes it)', 'broken \ud800 text'],
  ])('serves JSON.stringify of the document as UTF-8, byte for byte: %s', (_label, summary) => {
    const registry = new Registry();
    registry.add(record('get', '/items', { summary, description: summary }, 'listItems'));
    const { document, body } = new OpenApiCache(registry, INFO).serialized();
    expect(body.equals(Buffer.from(JSON.stringify(document), 'utf8'))).toBe(true);
    expect(JSON.parse(body.toString('utf8')).paths['/items'].get.summary).toBe(summary);
  });

  it('the same object and bytes while the registry is unchanged', async () => {
    const cache = new OpenApiCache(registryOf(routes()), INFO);
    const doc = cache.document();
    await expectValidOpenApi(doc);
    expect(cache.document()).toBe(doc);
    const first = cache.serialized();
    expect(cache.serialized()).toBe(first);
    expect(cache.serialized('')).toBe(first);
    expect(first.document).toBe(doc);
    expect(JSON.parse(first.body.toString('utf8'))).toEqual(doc);
    expect(first.etag).toMatch(/^"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
  });

  it('rebuilt after a new route: new object, new bytes, new ETag', async () => {
    const registry = registryOf(routes());
    const cache = new OpenApiCache(registry, INFO);
    const before = cache.serialized();
    const variant = cache.serialized('/api');
    registry.add(record('get', '/items', {}, 'listItems'));
    const after = cache.serialized();
    await expectValidOpenApi(after.document);
    expect(after.document).not.toBe(before.document);
    expect(after.etag).not.toBe(before.etag);
    expect(cache.document()).toBe(after.document);
    expect(after.document.paths['/items']?.get?.operationId).toBe('listItems_items_get');
    const variantAfter = cache.serialized('/api');
    expect(variantAfter).not.toBe(variant);
    expect(variantAfter.document.paths['/items']).toBeDefined();
  });

  it('two caches over equal registries agree on bytes and ETag', () => {
    const a = new OpenApiCache(registryOf(routes()), INFO).serialized();
    const b = new OpenApiCache(registryOf(routes()), INFO).serialized();
    expect(b.body.equals(a.body)).toBe(true);
    expect(b.etag).toBe(a.etag);
    const c = new OpenApiCache(registryOf(routes()), { ...INFO, version: '9' }).serialized();
    expect(c.etag).not.toBe(a.etag);
  });

  it('a variant per baseUrl adds servers: [{ url: baseUrl }]', async () => {
    const cache = new OpenApiCache(registryOf(routes()), INFO);
    const root = cache.serialized('');
    const api = cache.serialized('/api');
    await expectValidOpenApi(api.document);
    expect(root.document).not.toHaveProperty('servers');
    expect(api.document.servers).toEqual([{ url: '/api' }]);
    expect(Object.keys(api.document)).toEqual(['openapi', 'info', 'servers', 'paths']);
    expect(JSON.parse(api.body.toString('utf8'))).toEqual(api.document);
    expect(api.document.paths).toBe(root.document.paths);
    expect(api.etag).not.toBe(root.etag);
    expect(cache.serialized('/api')).toBe(api);
    expect(cache.serialized('/v2').document.servers).toEqual([{ url: '/v2' }]);
    expect(Object.isFrozen(api.document)).toBe(true);
  });

  it('given servers win over the mount point', async () => {
    const cache = new OpenApiCache(registryOf(routes()), { ...INFO, servers: [{ url: 'https://example.com' }] });
    const api = cache.serialized('/api');
    await expectValidOpenApi(api.document);
    expect(api.document.servers).toEqual([{ url: 'https://example.com' }]);
    expect(api).toBe(cache.serialized(''));
  });

  it('keeps a bounded number of variants (a mount under /:tenant has one per tenant)', () => {
    const cache = new OpenApiCache(registryOf(routes()), INFO);
    const first = cache.serialized('/t0');
    for (let i = 1; i <= 16; i++) cache.serialized(`/t${i}`);
    const again = cache.serialized('/t0');
    expect(again).not.toBe(first);
    expect(again.etag).toBe(first.etag);
  });
});

describe.each(EXPRESS_VERSIONS)('through createApi (%s)', (_label, express) => {
  function ops(doc: OpenApiDocument): Array<{ path: string; method: string; operationId: string }> {
    return Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, operationId: (op as { operationId: string }).operationId })));
  }

  it('documents what was declared, routers and all', async () => {
    const app = express();
    const api = createApi(app, { title: 'Shop', version: '2.0.0', description: 'Items', tags: ['shop'] });
    api.post('/items', { statusCode: 201, responses: { '4XX': { description: 'Bad item' }, default: { description: 'Error' } } },
      function createItem(_req, res) { res.json({}); });
    api.get('/items/:id', { responses: { 404: { description: 'Not found' } } }, function getItem(_req, res) { res.json({}); });
    api.delete('/items/:id', { statusCode: 204 }, function deleteItem(_req, res) { res.end(); });
    api.get('/internal', { includeInSchema: false }, function internal(_req, res) { res.end(); });
    api.get('/old', { deprecated: true }, function old(_req, res) { res.end(); });
    const users = api.router('/users/:userId', { tags: ['users'] });
    users.get('/orders/:orderId', { tags: ['orders'] }, function getOrder(_req, res) { res.json({}); });
    users.get('/profile', function getItem(_req, res) { res.json({}); });

    const doc = api.openapi();
    await expectValidOpenApi(doc);
    expect(doc.info).toEqual({ title: 'Shop', version: '2.0.0', description: 'Items' });
    expect(Object.keys(doc.paths)).toEqual(['/items', '/items/{id}', '/old', '/users/{userId}/orders/{orderId}', '/users/{userId}/profile']);
    expect(doc.paths['/items']?.post).toMatchObject({
      tags: ['shop'],
      summary: 'Create Item',
      operationId: 'createItem_items_post',
      responses: {
        201: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
        '4XX': { description: 'Bad item' },
        default: { description: 'Error' },
      },
    });
    expect(doc.paths['/items/{id}']?.delete?.responses).toEqual({ 204: { description: 'Successful Response' } });
    expect(doc.paths['/items/{id}']?.get?.responses['404']).toEqual({ description: 'Not found' });
    expect(doc.paths['/old']?.get?.deprecated).toBe(true);
    expect(doc.paths['/items']?.post).not.toHaveProperty('deprecated');
    const order = doc.paths['/users/{userId}/orders/{orderId}']?.get;
    expect(order?.tags).toEqual(['shop', 'users', 'orders']);
    expect(order?.parameters?.map((p) => p.name)).toEqual(['userId', 'orderId']);
    expect(doc.tags).toEqual([{ name: 'shop' }, { name: 'users' }, { name: 'orders' }]);
    // Two handlers named getItem: the operationIds still differ.
    const all = ops(doc).map((o) => o.operationId);
    expect(new Set(all).size).toBe(all.length);
    expect(doc.paths['/users/{userId}/profile']?.get?.operationId).toBe('getItem_users__userId__profile_get');
  });

  it('two same-named handlers on paths that sanitise alike get unique operationIds', async () => {
    const api = createApi(express());
    api.get('/a-b', function handler(_req, res) { res.end(); });
    api.get('/a_b', function handler(_req, res) { res.end(); });
    const doc = api.openapi();
    await expectValidOpenApi(doc);
    expect(ops(doc).map((o) => o.operationId)).toEqual(['handler_a_b_get', 'handler_a_b_get_2']);
  });

  it('anonymous handlers: summary and operationId from method and path', async () => {
    const api = createApi(express());
    api.post('/items', { statusCode: 201 }, (_req, res) => { res.end(); });
    const doc = api.openapi();
    await expectValidOpenApi(doc);
    expect(doc.paths['/items']?.post).toMatchObject({ summary: 'Post Items', operationId: 'items_post' });
  });

  // Routes alike share lists and fragments (the 10,000-route budget); what differs must not.
  describe('shared parts never mix up routes', () => {
    it('tag lists whose joined text is alike stay apart', async () => {
      const api = createApi(express());
      api.get('/one', { tags: ['a\0b'] }, function one(_req, res) { res.end(); });
      api.get('/two', { tags: ['a', 'b'] }, function two(_req, res) { res.end(); });
      api.get('/three', { tags: ['a,b'] }, function three(_req, res) { res.end(); });
      api.get('/four', { tags: ['["a","b"]'] }, function four(_req, res) { res.end(); });
      const doc = api.openapi();
      await expectValidOpenApi(doc);
      expect(doc.paths['/one']?.get?.tags).toEqual(['a\0b']);
      expect(doc.paths['/two']?.get?.tags).toEqual(['a', 'b']);
      expect(doc.paths['/three']?.get?.tags).toEqual(['a,b']);
      expect(doc.paths['/four']?.get?.tags).toEqual(['["a","b"]']);
    });

    it('the same own tags in the Api and in its routers merge with each one\'s own tags', async () => {
      const api = createApi(express(), { tags: ['api'] });
      const users = api.router('/users', { tags: ['users'] });
      const admin = users.router('/admin', { tags: ['admin'] });
      api.get('/a', { tags: ['x'] }, function a(_req, res) { res.end(); });
      users.get('/b', { tags: ['x'] }, function b(_req, res) { res.end(); });
      admin.get('/c', { tags: ['x'] }, function c(_req, res) { res.end(); });
      api.get('/d', { tags: ['x'] }, function d(_req, res) { res.end(); });
      users.get('/e', { tags: ['y'] }, function e(_req, res) { res.end(); });
      users.get('/f', { tags: ['x'] }, function f(_req, res) { res.end(); });
      const doc = api.openapi();
      await expectValidOpenApi(doc);
      const tagsOf = (path: string): unknown => doc.paths[path]?.get?.tags;
      expect(tagsOf('/a')).toEqual(['api', 'x']);
      expect(tagsOf('/users/b')).toEqual(['api', 'users', 'x']);
      expect(tagsOf('/users/admin/c')).toEqual(['api', 'users', 'admin', 'x']);
      expect(tagsOf('/d')).toEqual(['api', 'x']);
      expect(tagsOf('/users/e')).toEqual(['api', 'users', 'y']);
      expect(tagsOf('/users/f')).toEqual(['api', 'users', 'x']);
      expect(doc.tags).toEqual(['api', 'x', 'users', 'admin', 'y'].map((name) => ({ name })));
    });

    it('a path first declared out of the schema is documented from its first documented route', async () => {
      const api = createApi(express());
      api.get('/a/:x', { includeInSchema: false }, function hidden(_req, res) { res.end(); });
      api.get('/b', function b(_req, res) { res.end(); });
      api.post('/a/:id', function create(_req, res) { res.end(); });
      api.put('/a/:key', function replace(_req, res) { res.end(); });
      api.delete('/b', { includeInSchema: false }, function gone(_req, res) { res.end(); });
      expect(api.registry.pathGroups).toEqual([0, 1, 0, 0, 1]);
      const doc = api.openapi();
      await expectValidOpenApi(doc);
      expect(Object.keys(doc.paths)).toEqual(['/b', '/a/{id}']);
      expect(Object.keys(doc.paths['/a/{id}'] ?? {})).toEqual(['post', 'put']);
      expect(doc.paths['/a/{id}']?.put?.parameters?.map((p) => p.name)).toEqual(['id']);
      expect(Object.keys(doc.paths['/b'] ?? {})).toEqual(['get']);
      expect(doc).toEqual(buildOpenApiDocument(api.registry.routes, {
        title: doc.info.title, version: doc.info.version, description: undefined, servers: undefined,
      }));
    });

    it('responses whose descriptions would run together stay apart', async () => {
      const api = createApi(express());
      api.get('/one', { responseDescription: 'x|404:1:y', responses: { 404: { description: 'z' } } }, function one(_req, res) { res.end(); });
      api.get('/two', { responseDescription: 'x', responses: { 404: { description: 'y|404:1:z' } } }, function two(_req, res) { res.end(); });
      api.get('/three', { responseDescription: 'x', responses: { 404: { description: 'y' }, 422: { description: 'z' } } }, function three(_req, res) { res.end(); });
      const doc = api.openapi();
      await expectValidOpenApi(doc);
      expect(doc.paths['/one']?.get?.responses['200']?.description).toBe('x|404:1:y');
      expect(doc.paths['/one']?.get?.responses['404']).toEqual({ description: 'z' });
      expect(doc.paths['/two']?.get?.responses['200']?.description).toBe('x');
      expect(doc.paths['/two']?.get?.responses['404']).toEqual({ description: 'y|404:1:z' });
      expect(Object.keys(doc.paths['/three']?.get?.responses ?? {})).toEqual(['200', '404', '422']);
    });

    it('responses alike are shared, and a route between them that says otherwise keeps its own', async () => {
      const api = createApi(express());
      const handler = (_req: unknown, res: { end(): void }): void => res.end();
      api.post('/a', { statusCode: 201, responses: { 422: { description: 'Invalid' } } }, handler);
      api.post('/b', { statusCode: 201, responses: { 422: { description: 'Refused' } } }, handler);
      api.post('/c', { statusCode: 201, responses: { 422: { description: 'Invalid' } } }, handler);
      api.post('/e', { statusCode: 201, responses: { 409: { description: 'Invalid' } } }, handler);
      api.post('/d', { statusCode: 201, responseDescription: 'Made', responses: { 422: { description: 'Invalid' } } }, handler);
      api.post('/f', { statusCode: 201, responses: { 409: { description: 'Invalid' }, 422: { description: 'Invalid' } } }, handler);
      api.post('/g', { statusCode: 201, responses: { 422: { description: 'Invalid' } } }, handler);
      const doc = api.openapi();
      await expectValidOpenApi(doc);
      const responses = (path: string): unknown => doc.paths[path]?.post?.responses;
      expect(responses('/c')).toBe(responses('/a'));
      expect(responses('/g')).toBe(responses('/a'));
      expect(responses('/b')).toEqual({ 201: expect.anything(), 422: { description: 'Refused' } });
      expect(doc.paths['/d']?.post?.responses['201']?.description).toBe('Made');
      expect(doc.paths['/a']?.post?.responses['201']?.description).toBe('Successful Response');
      expect(Object.keys(responses('/e') as object)).toEqual(['201', '409']);
      expect(Object.keys(responses('/f') as object)).toEqual(['201', '409', '422']);
    });

    it('routes with only a status share nothing that shows: each documents its own', async () => {
      const api = createApi(express());
      api.post('/a', { statusCode: 201 }, function a(_req, res) { res.end(); });
      api.delete('/a', { statusCode: 204 }, function b(_req, res) { res.end(); });
      api.post('/b', { statusCode: 201 }, function c(_req, res) { res.end(); });
      api.get('/b', {}, function d(_req, res) { res.end(); });
      api.get('/c', { responseDescription: 'The c' }, function e(_req, res) { res.end(); });
      api.put('/c', { responseDescription: 'The c' }, function f(_req, res) { res.end(); });
      const doc = api.openapi();
      await expectValidOpenApi(doc);
      expect(Object.keys(doc.paths['/a']?.post?.responses ?? {})).toEqual(['201']);
      expect(doc.paths['/a']?.delete?.responses).toEqual({ 204: { description: 'Successful Response' } });
      expect(Object.keys(doc.paths['/b']?.post?.responses ?? {})).toEqual(['201']);
      expect(Object.keys(doc.paths['/b']?.get?.responses ?? {})).toEqual(['200']);
      expect(doc.paths['/b']?.get?.responses['200']?.description).toBe('Successful Response');
      expect(doc.paths['/c']?.get?.responses['200']?.description).toBe('The c');
      expect(doc.paths['/c']?.put?.responses).toBe(doc.paths['/c']?.get?.responses);
      expect(Object.isFrozen(api.registry.routes[0]?.options)).toBe(true);
    });

    it('parameter lists alike are shared; different ones are not', async () => {
      const api = createApi(express());
      const tenant = api.router('/t/:tenant');
      tenant.get('/items/:id', function getItem(_req, res) { res.end(); });
      tenant.get('/users/:id', function getUser(_req, res) { res.end(); });
      tenant.get('/users/:userId/orders', function getOrders(_req, res) { res.end(); });
      const [first, second, third] = api.registry.routes;
      expect(first?.params).toEqual(['tenant', 'id']);
      expect(second?.params).toBe(first?.params);
      expect(third?.params).toEqual(['tenant', 'userId']);
      expect(Object.isFrozen(first?.params)).toBe(true);
      await expectValidOpenApi(api.openapi());
    });

    it('parameter lists of one length, alternating, each keep their own names', () => {
      const api = createApi(express());
      const handler = (_req: unknown, res: { end(): void }): void => res.end();
      api.get('/x/:a', handler);
      api.get('/y/:b', handler);
      api.get('/z/:a', handler);
      api.get('/w/:a/:b', handler);
      api.get('/v/:b/:a', handler);
      api.get('/u/:a/:b', handler);
      const params = api.registry.routes.map((r) => r.params);
      expect(params).toEqual([['a'], ['b'], ['a'], ['a', 'b'], ['b', 'a'], ['a', 'b']]);
      expect(params[2]).toBe(params[0]);
      expect(params[5]).toBe(params[3]);
      expect(params.every((list) => Object.isFrozen(list))).toBe(true);
      const doc = api.openapi();
      const names = (path: string): string[] | undefined => doc.paths[path]?.get?.parameters?.map((p) => p.name);
      expect(['/x/{a}', '/y/{b}', '/z/{a}', '/w/{a}/{b}', '/v/{b}/{a}', '/u/{a}/{b}'].map(names))
        .toEqual([['a'], ['b'], ['a'], ['a', 'b'], ['b', 'a'], ['a', 'b']]);
      expect(doc.paths['/z/{a}']?.get?.parameters).toBe(doc.paths['/x/{a}']?.get?.parameters);
      expect(doc.paths['/u/{a}/{b}']?.get?.parameters).toBe(doc.paths['/w/{a}/{b}']?.get?.parameters);
    });

    it('parameter lists alike in records made apart are shared in the document', async () => {
      const doc = await build([record('get', '/x/:a', {}, 'x'), record('get', '/y/:b', {}, 'y'), record('get', '/z/:a', {}, 'z')]);
      expect(doc.paths['/z/{a}']?.get?.parameters).toBe(doc.paths['/x/{a}']?.get?.parameters);
      expect(doc.paths['/y/{b}']?.get?.parameters?.map((p) => p.name)).toEqual(['b']);
    });

    it('routes declared one after another on a path, in routers and out, each document their own path', async () => {
      const api = createApi(express());
      const x = api.router('/x/:xid');
      const y = api.router('/y');
      x.get('/items/:id', function a(_req, res) { res.end(); });
      y.get('/items/:id', function b(_req, res) { res.end(); });
      x.put('/items/:id', function c(_req, res) { res.end(); });
      y.put('/items/:id', { includeInSchema: false }, function d(_req, res) { res.end(); });
      y.delete('/items/:id', function e(_req, res) { res.end(); });
      api.get('/items/:id', function f(_req, res) { res.end(); });
      api.get(/^\/items\/\d+$/, { includeInSchema: false }, function g(_req, res) { res.end(); });
      api.put('/items/:id', function h(_req, res) { res.end(); });
      x.get('/items/:id/parts', function i(_req, res) { res.end(); });
      x.delete('/items/:id', function j(_req, res) { res.end(); });
      const doc = api.openapi();
      await expectValidOpenApi(doc);
      const listed = Object.entries(doc.paths).map(([path, item]) =>
        `${path} ${Object.entries(item).map(([m, op]) => `${m}:${(op?.parameters ?? []).map((p) => p.name).join(',')}`).join(' ')}`);
      expect(listed).toEqual([
        '/x/{xid}/items/{id} get:xid,id put:xid,id delete:xid,id',
        '/y/items/{id} get:id delete:id',
        '/items/{id} get:id put:id',
        '/x/{xid}/items/{id}/parts get:xid,id',
      ]);
      expect(api.registry.routes.map((r) => r.path)).toEqual([
        '/x/:xid/items/:id', '/y/items/:id', '/x/:xid/items/:id', '/y/items/:id', '/y/items/:id',
        '/items/:id', '/^\\/items\\/\\d+$/', '/items/:id', '/x/:xid/items/:id/parts', '/x/:xid/items/:id',
      ]);
    });

    it("a caller's tag arrays changed after the declaration change nothing", async () => {
      const apiTags = ['shop'];
      const routerTags = ['users'];
      const routeTags = ['items'];
      const api = createApi(express(), { tags: apiTags });
      api.get('/items', { tags: routeTags }, function listItems(_req, res) { res.end(); });
      const bare = createApi(express());
      bare.router('/users', { tags: routerTags }).get('/', function listUsers(_req, res) { res.end(); });
      for (const tags of [apiTags, routerTags, routeTags]) {
        tags.push('oops');
        tags[0] = 'changed';
      }
      expect(api.openapi().paths['/items']?.get?.tags).toEqual(['shop', 'items']);
      expect(api.openapi().tags).toEqual([{ name: 'shop' }, { name: 'items' }]);
      expect(bare.openapi().paths['/users']?.get?.tags).toEqual(['users']);
    });
  });

  it('openapi() is cached until a route is added', async () => {
    const api = createApi(express());
    api.get('/a', function a(_req, res) { res.end(); });
    const first = api.openapi();
    expect(api.openapi()).toBe(first);
    api.get('/b', function b(_req, res) { res.end(); });
    const second = api.openapi();
    await expectValidOpenApi(second);
    expect(second).not.toBe(first);
    expect(Object.keys(second.paths)).toEqual(['/a', '/b']);
  });
});
