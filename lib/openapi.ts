// The pure OpenAPI 3.1 generator: registry records in, a deep-frozen document out.

import { isBodyAllowed } from './body-rules';
import type { ServerObject } from './api-options';
import type { HttpMethod, RouteRecord } from './registry';
import type { JsonSchema } from './route-options';

/** What the document says about the API itself (`createApi`'s checked options). */
export interface ApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string | undefined;
  readonly servers: readonly ServerObject[] | undefined;
}

/** An OpenAPI Parameter Object, as this library writes it: a required string path segment. */
export interface ParameterObject {
  readonly name: string;
  readonly in: 'path';
  readonly required: true;
  readonly schema: { readonly type: 'string' };
}

/** An OpenAPI Response Object; `content` only when the status may carry a body. */
export interface ResponseObject {
  readonly description: string;
  readonly content?: { readonly [mediaType: string]: { readonly schema: JsonSchema } };
}

/** An OpenAPI Operation Object. */
export interface OperationObject {
  readonly tags?: readonly string[];
  readonly summary: string;
  readonly description?: string;
  readonly operationId: string;
  readonly deprecated?: true;
  readonly parameters?: readonly ParameterObject[];
  /** Keyed by status (`'201'`), range (`'4XX'`) or `'default'`. */
  readonly responses: { readonly [status: string]: ResponseObject };
}

/** An OpenAPI Path Item Object: one operation per declared method. */
export type PathItemObject = { readonly [M in HttpMethod]?: OperationObject };

/** The OpenAPI 3.1 document `api.openapi()` returns. Deep-frozen: see {@link buildOpenApiDocument}. */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly servers?: readonly ServerObject[];
  /** Keyed by OpenAPI path template (`/items/{id}`), in declaration order. */
  readonly paths: { readonly [path: string]: PathItemObject };
  /** The tags the operations use, in order of first use. */
  readonly tags?: readonly { readonly name: string }[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const JSON_MEDIA_TYPE = 'application/json';
const STRING_SCHEMA = Object.freeze({ type: 'string' as const });

/**
 * Turns the registry's records into an OpenAPI 3.1 document. Pure: same records, same document
 * (and the same bytes once serialised), so every process serving the same routes agrees.
 *
 * FastAPI's conventions:
 * - the declared status is `responses[String(statusCode)] = { description: responseDescription,
 *   content: { 'application/json': { schema: responseSchema } } }`, without `content` when the
 *   status must not carry a body (204, 205, 304);
 * - each entry of `responses` becomes `{ description }`, plus `content` with its `schema` only
 *   when a schema was given (FastAPI adds content only for a `model`) and the key may carry a
 *   body; an entry for the declared status itself overrides its description and, when it has a
 *   schema, its content;
 * - `summary` defaults to the handler's name in title case (`getItemById` → `Get Item By Id`,
 *   `create_item` → `Create Item`), or to the method and path for an anonymous handler
 *   (`POST /items` → `Post Items`);
 * - a derived `operationId` is `{handlerName}{path}_{method}` with every character outside
 *   `[A-Za-z0-9_]` turned into `_` (`createItem_items_post`, `getItem_items__id__get`; an
 *   anonymous handler gives `items_post`). Explicit operationIds are used as given and reserved
 *   first, so a derived one never takes an explicit one's name, even one declared later; a
 *   derived one already taken gets `_2`, `_3`… in declaration order.
 *
 * Records with `openApiPath === undefined` (`includeInSchema: false`) are left out. When two
 * records give the same path template and method (`/a/:id(\\d+)` and `/a/:id`), the first
 * declared is documented, as Express would match it first.
 *
 * The result is deep-frozen, and user-supplied schemas and servers are copied before freezing
 * (a schema object shared by many routes is copied once), so neither the caller of
 * `api.openapi()` nor later changes to the user's own objects can make the cached document and
 * its served bytes disagree. Identical fragments (path parameters, the default response) are
 * shared between operations to keep the allocation count, and the 10,000-route cost, low.
 */
export function buildOpenApiDocument(routes: readonly RouteRecord[], info: ApiInfo): OpenApiDocument {
  const builder = new DocumentBuilder(routes);
  // A Map to find path items: looking keys up in a 10,000-key object is much slower.
  const items = new Map<string, Mutable<PathItemObject>>();
  const paths: Record<string, Mutable<PathItemObject>> = {};
  for (const record of routes) {
    const path = record.openApiPath;
    if (path === undefined) continue;
    let item = items.get(path);
    if (item === undefined) {
      item = {};
      items.set(path, item);
      paths[path] = item;
    } else if (item[record.method] !== undefined) {
      continue;
    }
    item[record.method] = builder.operation(record);
  }
  for (const item of items.values()) Object.freeze(item);

  const docInfo: Mutable<OpenApiDocument['info']> = { title: info.title, version: info.version };
  if (info.description !== undefined) docInfo.description = info.description;
  // Spread so the keys come out in the usual order: openapi, info, servers, paths, tags.
  const doc: OpenApiDocument = {
    openapi: '3.1.0',
    info: Object.freeze(docInfo),
    ...(info.servers === undefined ? {} : { servers: builder.copy(info.servers) as readonly ServerObject[] }),
    paths: Object.freeze(paths),
    ...(builder.tagNames.size === 0 ? {} : {
      tags: Object.freeze(Array.from(builder.tagNames, (name) => Object.freeze({ name }))),
    }),
  };
  return Object.freeze(doc);
}

/** Per-build state: the operationIds taken, and the fragments shared between operations. */
class DocumentBuilder {
  /** Tags in order of first use, for the top-level `tags` list. */
  readonly tagNames = new Set<string>();
  readonly #operationIds = new Set<string>();
  readonly #parameters = new Map<string, ParameterObject>();
  readonly #parameterLists = new Map<string, readonly ParameterObject[]>();
  readonly #tagLists = new Map<string, readonly string[]>();
  readonly #summaries = new Map<string, string>();
  readonly #sanitizedText = new Map<string, string>();
  /** Declared-status responses without extra entries, keyed by status and description. */
  readonly #plainResponses = new Map<number, Map<string, OperationObject['responses']>>();
  readonly #defaultResponses = new Map<string, Map<string, ResponseObject>>();
  readonly #bareResponses = new Map<string, ResponseObject>();
  /** User objects (schemas, servers) → their frozen copies. */
  readonly #copies = new Map<object, unknown>();

  constructor(routes: readonly RouteRecord[]) {
    // Explicit ids first, so derived ids steer clear of them whatever the declaration order.
    for (const record of routes) {
      const id = record.options.operationId;
      if (id !== undefined && record.openApiPath !== undefined) this.#operationIds.add(id);
    }
  }

  operation(record: RouteRecord): OperationObject {
    const { options } = record;
    const op: Mutable<OperationObject> = {} as Mutable<OperationObject>;
    if (record.tags.length > 0) op.tags = this.#tags(record.tags);
    op.summary = options.summary ?? this.#summary(record);
    if (options.description !== undefined) op.description = options.description;
    op.operationId = options.operationId ?? this.#derivedOperationId(record);
    if (options.deprecated) op.deprecated = true;
    if (record.params.length > 0) op.parameters = this.#parameterList(record.params);
    op.responses = this.#responses(record);
    return Object.freeze(op);
  }

  /** A deep-frozen copy of a JSON value given by the user; `{}` and shared objects copied once. */
  copy(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const done = this.#copies.get(value);
    if (done !== undefined) return done;
    let out: unknown;
    if (Array.isArray(value)) {
      const arr: unknown[] = [];
      this.#copies.set(value, arr);
      for (const v of value) arr.push(this.copy(v));
      out = Object.freeze(arr);
    } else {
      const obj: Record<string, unknown> = {};
      this.#copies.set(value, obj);
      for (const key in value) {
        if (Object.prototype.hasOwnProperty.call(value, key)) {
          obj[key] = this.copy((value as Record<string, unknown>)[key]);
        }
      }
      out = Object.freeze(obj);
    }
    this.#copies.set(value, out);
    return out;
  }

  #schema(schema: JsonSchema): JsonSchema {
    if (typeof schema !== 'object') return schema;
    // The default `{}` is a new object per route: share one frozen copy instead of thousands.
    for (const key in schema) {
      if (Object.prototype.hasOwnProperty.call(schema, key)) return this.copy(schema) as JsonSchema;
    }
    return EMPTY_SCHEMA;
  }

  #tags(tags: readonly string[]): readonly string[] {
    for (const tag of tags) this.tagNames.add(tag);
    const key = tags.length === 1 ? (tags[0] as string) : tags.join('\0');
    let list = this.#tagLists.get(key);
    if (list === undefined) {
      list = Object.freeze(tags.slice());
      this.#tagLists.set(key, list);
    }
    return list;
  }

  #parameterList(params: readonly string[]): readonly ParameterObject[] {
    const key = params.join('/');
    let list = this.#parameterLists.get(key);
    if (list === undefined) {
      list = Object.freeze(params.map((name) => this.#parameter(name)));
      this.#parameterLists.set(key, list);
    }
    return list;
  }

  #parameter(name: string): ParameterObject {
    let param = this.#parameters.get(name);
    if (param === undefined) {
      param = Object.freeze({ name, in: 'path', required: true, schema: STRING_SCHEMA } as const);
      this.#parameters.set(name, param);
    }
    return param;
  }

  #summary(record: RouteRecord): string {
    const name = cleanHandlerName(record.handlerName);
    if (name === '') return titleCase(`${record.method} ${record.openApiPath ?? ''}`);
    let summary = this.#summaries.get(name);
    if (summary === undefined) {
      summary = titleCase(name);
      this.#summaries.set(name, summary);
    }
    return summary;
  }

  #derivedOperationId(record: RouteRecord): string {
    const name = this.#sanitized(cleanHandlerName(record.handlerName));
    const path = this.#sanitized(record.openApiPath ?? '');
    // An anonymous handler: `items_post`, not `_items_post`.
    const base = name === '' ? path.replace(/^_+/, '') : name + path;
    const derived = base === '' ? record.method : `${base}_${record.method}`;
    let id = derived;
    for (let n = 2; this.#operationIds.has(id); n++) id = `${derived}_${n}`;
    this.#operationIds.add(id);
    return id;
  }

  /** `text` with every character outside `[A-Za-z0-9_]` turned into `_`; memoised (a path has several methods). */
  #sanitized(text: string): string {
    let out = this.#sanitizedText.get(text);
    if (out === undefined) {
      out = text.replace(NON_ID_CHARS, '_');
      this.#sanitizedText.set(text, out);
    }
    return out;
  }

  #responses(record: RouteRecord): OperationObject['responses'] {
    const { statusCode, responseDescription, responseSchema, responses } = record.options;
    const plainSchema = typeof responseSchema === 'object' && isEmpty(responseSchema);
    if (plainSchema && isEmpty(responses)) {
      // The common case: the declared status with the default schema. Shared between operations.
      let byDescription = this.#plainResponses.get(statusCode);
      if (byDescription === undefined) {
        byDescription = new Map();
        this.#plainResponses.set(statusCode, byDescription);
      }
      let shared = byDescription.get(responseDescription);
      if (shared === undefined) {
        const one = newStatusMap();
        const main = String(statusCode);
        one[main] = this.#defaultResponse(main, responseDescription);
        shared = Object.freeze(one);
        byDescription.set(responseDescription, shared);
      }
      return shared;
    }
    const main = String(statusCode);
    const out = newStatusMap();
    out[main] = plainSchema
      ? this.#defaultResponse(main, responseDescription)
      : this.#response(responseDescription, main, this.#schema(responseSchema));
    for (const key in responses) {
      const spec = responses[key];
      if (spec === undefined || !Object.prototype.hasOwnProperty.call(responses, key)) continue;
      if (spec.schema !== undefined) {
        out[key] = this.#response(spec.description, key, this.#schema(spec.schema));
      } else if (key === main) {
        // Like FastAPI: an extra entry for the declared status keeps the declared content.
        out[key] = Object.freeze({ ...out[main], description: spec.description }) as ResponseObject;
      } else {
        out[key] = this.#descriptionOnly(spec.description);
      }
    }
    return Object.freeze(out);
  }

  /** `{ description }`, shared by every response without content that says the same. */
  #descriptionOnly(description: string): ResponseObject {
    let response = this.#bareResponses.get(description);
    if (response === undefined) {
      response = Object.freeze({ description });
      this.#bareResponses.set(description, response);
    }
    return response;
  }

  /** The response with the default `{}` schema (or no content), shared per status and description. */
  #defaultResponse(key: string, description: string): ResponseObject {
    if (!isBodyAllowed(key)) return this.#descriptionOnly(description);
    let byDescription = this.#defaultResponses.get(key);
    if (byDescription === undefined) {
      byDescription = new Map();
      this.#defaultResponses.set(key, byDescription);
    }
    let response = byDescription.get(description);
    if (response === undefined) {
      response = this.#response(description, key, EMPTY_SCHEMA);
      byDescription.set(description, response);
    }
    return response;
  }

  #response(description: string, key: string, schema: JsonSchema): ResponseObject {
    if (!isBodyAllowed(key)) return Object.freeze({ description });
    return Object.freeze({
      description,
      content: Object.freeze({ [JSON_MEDIA_TYPE]: Object.freeze({ schema }) }),
    });
  }
}

const EMPTY_SCHEMA: JsonSchema = Object.freeze({});
const NON_ID_CHARS = /[^A-Za-z0-9_]/g;

/**
 * A new object to key by status. V8 keeps integer-like keys (`'201'`) as array elements, and
 * adding one to `{}` allocates a backing array up to that index: ~2.7 KB for one status, ~6 KB
 * for two, per operation (80% of the build's garbage before this). Touching a far index first
 * makes the elements a small dictionary instead (~250 B); key order is unchanged (ascending).
 */
function newStatusMap(): Record<string, ResponseObject> {
  const map: Record<string, ResponseObject> = {};
  map[DICTIONARY_INDEX] = EMPTY_RESPONSE;
  delete map[DICTIONARY_INDEX];
  return map;
}

const DICTIONARY_INDEX = '1000000';
const EMPTY_RESPONSE: ResponseObject = Object.freeze({ description: '' });

function isEmpty(obj: object): boolean {
  return Object.keys(obj).length === 0;
}

/** `'bound createItem'` → `'createItem'`: what `Function.prototype.bind` adds is not the name. */
function cleanHandlerName(name: string): string {
  return name.startsWith('bound ') ? name.replace(/^(?:bound )+/, '') : name;
}

/**
 * Words of an identifier or a path, title-cased: `getItemById` → `Get Item By Id`,
 * `create_item` → `Create Item`, `get /items/{id}` → `Get Items Id`, `getHTTPStatus` →
 * `Get HTTP Status`.
 */
export function titleCase(text: string): string {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u);
  let out = '';
  for (const word of words) {
    if (word === '') continue;
    out += (out === '' ? '' : ' ') + word.charAt(0).toUpperCase() + word.slice(1);
  }
  return out;
}
