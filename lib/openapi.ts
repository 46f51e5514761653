// The pure OpenAPI 3.1 generator: registry records in, a deep-frozen document out.

import type { ServerObject } from './api-options';
import { JsonCopier } from './openapi-json-copy';
import { cleanHandlerName, titleCase } from './openapi-names';
import { OperationIds } from './openapi-operation-ids';
import { ResponsesBuilder } from './openapi-responses';
import type { HttpMethod, RouteRecord } from './registry';
import type { JsonSchema } from './route-options';
import { sameNames, templateShape } from './openapi-path';

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

/** A path item being built, the parameter names of its template, and their `parameters` list. */
interface PathEntry {
  readonly item: Mutable<PathItemObject>;
  readonly params: readonly string[];
  /** Made for the first operation that needs it, then shared by the item's operations. */
  parameters: readonly ParameterObject[] | undefined;
}

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
 * Records with `openApiPath === undefined` (`includeInSchema: false`) are left out. Templates
 * that differ only in parameter names (`GET /a/:id`, `DELETE /a/:key`) are the same path to
 * OpenAPI, so both operations go under the first one's template, with its parameter names.
 * (Two records with the same method and template, such as `/a/:id(\\d+)` and `/a/:id`, never
 * reach here: the registry refuses the second as a duplicate route.)
 *
 * The result is deep-frozen, and user-supplied schemas and servers are copied before freezing
 * (a schema object shared by many routes is copied once), so neither the caller of
 * `api.openapi()` nor later changes to the user's own objects can make the cached document and
 * its served bytes disagree. A schema with an `$id` is written once; where it appears again it
 * becomes `{ $ref: '<its $id>' }` (validators reject a repeated `$id`). Identical fragments
 * (path parameters, the default response) are shared between operations to keep the allocation
 * count, and the 10,000-route cost, low.
 *
 * @param pathGroups - for each record, the number of its path (see `Registry.pathGroups`);
 *   worked out from the records when not given.
 */
export function buildOpenApiDocument(
  routes: readonly RouteRecord[], info: ApiInfo, pathGroups: readonly number[] = pathGroupsOf(routes),
): OpenApiDocument {
  const builder = new DocumentBuilder(routes);
  // Templates that differ only in parameter names are one path for OpenAPI ("MUST NOT exist"):
  // `/a/{id}` and `/a/{key}` share the first one's item, and its parameter names. The registry
  // numbers those paths already (`pathGroups`): entries are found by that number.
  const entries: (PathEntry | undefined)[] = [];
  const paths: Record<string, Mutable<PathItemObject>> = {};
  for (let i = 0; i < routes.length; i++) {
    const record = routes[i] as RouteRecord;
    const path = record.openApiPath;
    if (path === undefined) continue;
    const group = pathGroups[i] as number;
    let entry = entries[group];
    if (entry === undefined) {
      entry = { item: {}, params: record.params, parameters: undefined };
      entries[group] = entry;
      paths[path] = entry.item;
    }
    if (entry.item[record.method] !== undefined) continue;
    entry.item[record.method] = builder.operation(record, entry);
  }
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry !== undefined) Object.freeze(entry.item);
  }

  const docInfo: Mutable<OpenApiDocument['info']> = { title: info.title, version: info.version };
  if (info.description !== undefined) docInfo.description = info.description;
  // Spread so the keys come out in the usual order: openapi, info, servers, paths, tags.
  const doc: OpenApiDocument = {
    openapi: '3.1.0',
    info: Object.freeze(docInfo),
    ...(info.servers === undefined ? {} : { servers: builder.copier.copy(info.servers) as readonly ServerObject[] }),
    paths: Object.freeze(paths),
    ...(builder.tagNames.size === 0 ? {} : {
      tags: Object.freeze(Array.from(builder.tagNames, (name) => Object.freeze({ name }))),
    }),
  };
  return Object.freeze(doc);
}

/**
 * What `Registry.pathGroups` holds, for records that come without it: each record's path
 * number, templates that differ only in parameter names (`/a/{id}`, `/a/{key}`) being one.
 * Records left out of the schema get -1.
 */
export function pathGroupsOf(routes: readonly RouteRecord[]): number[] {
  const byShape = new Map<string, number>();
  return routes.map((record) => {
    const path = record.openApiPath;
    if (path === undefined) return -1;
    const shape = templateShape(path);
    let group = byShape.get(shape);
    if (group === undefined) {
      group = byShape.size;
      byShape.set(shape, group);
    }
    return group;
  });
}

/** Per-build state: the operationIds taken, and the fragments shared between operations. */
class DocumentBuilder {
  /** Tags in order of first use, for the top-level `tags` list. */
  readonly tagNames = new Set<string>();
  readonly #ids = new OperationIds();
  readonly #parameters = new Map<string, ParameterObject>();
  readonly #parameterLists = new Map<string, readonly ParameterObject[]>();
  /** The last parameter list made or found, by its length (see `#parameterList`). */
  readonly #lastParameterLists: ({ names: readonly string[]; list: readonly ParameterObject[] } | undefined)[] = [];
  readonly #tagLists = new Map<string, readonly string[]>();
  readonly #tagsByArray = new Map<readonly string[], readonly string[]>();
  readonly #handlerNames = new Map<string, HandlerNames>();
  #lastTags: readonly string[] | undefined;
  #lastTagList: readonly string[] = [];
  /** Copies the user's schemas and servers. */
  readonly copier = new JsonCopier();
  readonly #responses = new ResponsesBuilder(this.copier);

  constructor(routes: readonly RouteRecord[]) {
    // Explicit ids first, so derived ids steer clear of them whatever the declaration order.
    // Indexed: `for...of` allocates an iterator result per route until the code is optimised.
    for (let i = 0; i < routes.length; i++) {
      const record = routes[i] as RouteRecord;
      const id = record.options.operationId;
      if (id !== undefined && record.openApiPath !== undefined) this.#ids.reserve(id);
    }
  }

  /** The operation of `record`, filed under `entry` (whose template's parameter names it uses). */
  operation(record: RouteRecord, entry: PathEntry): OperationObject {
    const { options } = record;
    const op: Mutable<OperationObject> = {} as Mutable<OperationObject>;
    if (record.tags.length > 0) op.tags = this.#tags(record.tags);
    const names = this.#names(record.handlerName);
    op.summary = options.summary ?? names.summary ?? titleCase(`${record.method} ${record.openApiPath ?? ''}`);
    if (options.description !== undefined) op.description = options.description;
    op.operationId = options.operationId ?? this.#ids.derived(names.id, record.openApiPath ?? '', record.method);
    if (options.deprecated) op.deprecated = true;
    if (entry.params.length > 0) op.parameters = entry.parameters ??= this.#parameterList(entry.params);
    op.responses = this.#responses.responses(record);
    return Object.freeze(op);
  }

  #tags(tags: readonly string[]): readonly string[] {
    // Routes alike share one tag array (see `routeTags` in api.ts): the last one again is the
    // commonest case, then a lookup by identity.
    if (tags === this.#lastTags) return this.#lastTagList;
    let list = this.#tagsByArray.get(tags);
    if (list === undefined) list = this.#tagList(tags);
    this.#lastTags = tags;
    this.#lastTagList = list;
    return list;
  }

  /** The document's copy of a tag array not seen before (by identity), shared by content. */
  #tagList(tags: readonly string[]): readonly string[] {
    for (const tag of tags) this.tagNames.add(tag);
    // JSON: unambiguous whatever the tags hold (`['a,b']` is not `['a', 'b']`).
    const key = JSON.stringify(tags);
    let list = this.#tagLists.get(key);
    if (list === undefined) {
      list = Object.freeze(tags.slice());
      this.#tagLists.set(key, list);
    }
    this.#tagsByArray.set(tags, list);
    return list;
  }

  /** One shared list per distinct parameter names (each path item asks once, see `PathEntry`). */
  #parameterList(params: readonly string[]): readonly ParameterObject[] {
    // The last list of the same length first: paths alike come together (`/t/{tenant}/items`,
    // `/t/{tenant}/items/{id}`), and comparing names makes no key.
    const last = this.#lastParameterLists[params.length];
    if (last !== undefined && sameNames(last.names, params)) return last.list;
    const key = params.join('/');
    let list = this.#parameterLists.get(key);
    if (list === undefined) {
      list = Object.freeze(params.map((name) => this.#parameter(name)));
      this.#parameterLists.set(key, list);
    }
    this.#lastParameterLists[params.length] = { names: params, list };
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

  /** What a handler's name gives: its summary and the start of its operationIds. Memoised. */
  #names(handlerName: string): HandlerNames {
    // By the handler's name as declared (`bound x` included): one lookup for most operations.
    let names = this.#handlerNames.get(handlerName);
    if (names === undefined) {
      const name = cleanHandlerName(handlerName);
      names = { summary: name === '' ? undefined : titleCase(name), id: this.#ids.nameId(name) };
      this.#handlerNames.set(handlerName, names);
    }
    return names;
  }
}

/** What a handler's name gives an operation: see `DocumentBuilder.#names`. */
interface HandlerNames {
  /** The name in title case; `undefined` for an anonymous handler (the summary is then the path's). */
  readonly summary: string | undefined;
  /** The cleaned name as an identifier: how derived operationIds start. */
  readonly id: string;
}
