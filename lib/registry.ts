// The route registry: records every declared route and rejects duplicates. Generates nothing.

import { DuplicateOperationIdError, DuplicateRouteError } from './errors';
import type { NormalizedRouteOptions } from './route-options';
import { templateShape } from './openapi-path';

/** The lower-case HTTP methods a route can be declared for. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options' | 'head';

/** One declared route, as the registry keeps it. */
export interface RouteRecord {
  /** Lower-case HTTP method. */
  readonly method: HttpMethod;
  /** Full Express path, router prefixes included, e.g. `/users/:userId/items`. */
  readonly path: string;
  /** The OpenAPI path template (`/users/{userId}/items`); `undefined` when left out of the schema. */
  readonly openApiPath: string | undefined;
  /** Path parameter names in order, router prefixes' included. */
  readonly params: readonly string[];
  /** The last handler's name (`''` for anonymous ones), used for the default summary. */
  readonly handlerName: string;
  /** Tags of the Api, then the router, then the route, without duplicates. */
  readonly tags: readonly string[];
  /** The checked options with defaults filled in. */
  readonly options: NormalizedRouteOptions;
}

/**
 * Records declared routes. One per `createApi` (shared with its child routers) unless a
 * registry is passed in `options.registry`. It only records; `openapi()` turns it into a
 * document.
 */
export class Registry {
  readonly #routes: RouteRecord[] = [];
  readonly #pathGroups: number[] = [];
  /**
   * Path shape (parameter names blanked) → the routes declared on it, by method. The only map
   * by path: a second one by template would save making a shape when a template comes back
   * later, but costs two more hash lookups (a miss, then a set) for every new template, which
   * is the commoner case; a template that comes right back is found by `#lastTemplate`.
   */
  readonly #byShape = new Map<string, MethodSlots>();
  readonly #byOperationId = new Map<string, RouteRecord>();
  #version = 0;
  /** What `check` found for the record it saw last: `add` right after `check` reuses it. */
  #checked: RouteRecord | undefined;
  #checkedSlots: MethodSlots | undefined;
  #checkedShape: string | undefined;
  /** The template of the last documented route added, and its slots. */
  #lastTemplate: string | undefined;
  #lastSlots: MethodSlots | undefined;

  /** Every declared route, in declaration order. */
  get routes(): readonly RouteRecord[] {
    return this.#routes;
  }

  /**
   * For each route of `routes`, at the same index, the number of its path: routes with the
   * same number are on one path for Express and for OpenAPI (`/a/:id` and `/a/:key`). Paths
   * are numbered 0, 1, 2… in order of first declaration.
   */
  get pathGroups(): readonly number[] {
    return this.#pathGroups;
  }

  /** Incremented on every change; generators cache on it. */
  get version(): number {
    return this.#version;
  }

  /**
   * Records a route.
   * @throws DuplicateRouteError when the method and path (parameter names aside) are taken.
   * @throws DuplicateOperationIdError when the explicit operationId is taken.
   */
  add(record: RouteRecord): void {
    // Checked again unless it was the last record checked: nothing can be added in between
    // (`add` is the only way in, and it clears the memo).
    if (record !== this.#checked) this.check(record);
    let slots = this.#checkedSlots;
    const shape = this.#checkedShape;
    this.#checked = undefined;
    this.#checkedSlots = undefined;
    this.#checkedShape = undefined;
    if (slots === undefined) {
      slots = newSlots(this.#byShape.size);
      this.#byShape.set(shape ?? routeShape(record), slots);
    }
    slots[record.method] = record;
    if (record.openApiPath !== undefined) {
      this.#lastTemplate = record.openApiPath;
      this.#lastSlots = slots;
    }
    const operationId = record.options.operationId;
    if (operationId !== undefined) this.#byOperationId.set(operationId, record);
    this.#routes.push(record);
    this.#pathGroups.push(slots.group);
    this.#version++;
  }

  /**
   * Throws what `add` would throw, without recording anything: lets the caller check a route
   * before it registers it anywhere else.
   */
  check(record: RouteRecord): void {
    let shape: string | undefined;
    const template = record.openApiPath;
    let slots: MethodSlots | undefined;
    // Routes on one path usually come one after another (GET, PUT, DELETE `/items/{id}`).
    if (template !== undefined && template === this.#lastTemplate) slots = this.#lastSlots;
    if (slots === undefined) {
      shape = routeShape(record);
      slots = this.#byShape.get(shape);
    }
    const existing = slots?.[record.method];
    if (existing !== undefined) {
      throw new DuplicateRouteError({ method: record.method, path: record.path }, existing.path);
    }
    const operationId = record.options.operationId;
    if (operationId !== undefined) {
      const owner = this.#byOperationId.get(operationId);
      if (owner !== undefined) {
        throw new DuplicateOperationIdError(
          operationId,
          { method: record.method, path: record.path },
          { method: owner.method, path: owner.path },
        );
      }
    }
    this.#checked = record;
    this.#checkedSlots = slots;
    this.#checkedShape = shape;
  }
}

/**
 * The routes declared on one path shape, by method (with the shape, a route's identity), and
 * the shape's number (see `pathGroups`).
 */
type MethodSlots = { [M in HttpMethod]: RouteRecord | undefined } & { readonly group: number };

/** Every method present from the start: one object shape for all, filled in without adding keys. */
function newSlots(group: number): MethodSlots {
  return { get: undefined, post: undefined, put: undefined, patch: undefined, delete: undefined, options: undefined, head: undefined, group };
}

/**
 * Set by `createApi` on a route left out of the schema (`includeInSchema: false`): the shape
 * the registry knows it by. A string path with an OpenAPI template has that template's shape,
 * so it is the same route as a documented one on that path; a RegExp path has a key of its own
 * kind (`\0RegExp /.../`), which no path can equal. Records made elsewhere fall back to the
 * Express path's shape.
 */
export const ROUTE_SHAPE = Symbol('express-status-routes.routeShape');

/**
 * A path with parameter names blanked: `/a/:id` and `/a/:key` are the same route. A documented
 * route uses its OpenAPI path (`/a/{id}`), which also makes `/a/:id(\\d+)` and `/a/:id` one.
 */
function routeShape(record: RouteRecord): string {
  const path = record.openApiPath;
  if (path !== undefined) return templateShape(path);
  const given = (record as { readonly [ROUTE_SHAPE]?: string })[ROUTE_SHAPE];
  if (given !== undefined) return given;
  return record.path.includes(':') || record.path.includes('*')
    ? record.path.replace(/:[A-Za-z_$][\w$]*/g, ':').replace(/\*[A-Za-z_$][\w$]*/g, '*')
    : record.path;
}
