// The route registry: records every declared route and rejects duplicates. Generates nothing.

import { DuplicateOperationIdError, DuplicateRouteError } from './errors';
import type { NormalizedRouteOptions } from './route-options';

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
  readonly #byKey = new Map<string, RouteRecord>();
  readonly #byOperationId = new Map<string, RouteRecord>();
  #version = 0;

  /** Every declared route, in declaration order. */
  get routes(): readonly RouteRecord[] {
    return this.#routes;
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
    const key = this.check(record);
    const operationId = record.options.operationId;
    if (operationId !== undefined) this.#byOperationId.set(operationId, record);
    this.#byKey.set(key, record);
    this.#routes.push(record);
    this.#version++;
  }

  /**
   * Throws what `add` would throw, without recording anything: lets the caller check a route
   * before it registers it anywhere else. Returns the route's key in the registry.
   */
  check(record: RouteRecord): string {
    const key = routeKey(record);
    const existing = this.#byKey.get(key);
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
    return key;
  }
}

/** Method and path shape: the identity of a route in a registry. */
function routeKey(record: RouteRecord): string {
  return `${record.method} ${routeShape(record)}`;
}

/**
 * A path with parameter names blanked: `/a/:id` and `/a/:key` are the same route. A documented
 * route uses its OpenAPI path (`/a/{id}`), which also makes `/a/:id(\\d+)` and `/a/:id` one.
 */
function routeShape(record: RouteRecord): string {
  const path = record.openApiPath ?? record.path;
  if (record.openApiPath !== undefined) return path.includes('{') ? path.replace(/\{[^}]*\}/g, '{}') : path;
  return path.includes(':') || path.includes('*')
    ? path.replace(/:[A-Za-z_$][\w$]*/g, ':').replace(/\*[A-Za-z_$][\w$]*/g, '*')
    : path;
}
