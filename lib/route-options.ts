// The options a route declaration takes, checked once at declaration time.

import { BodyNotAllowedError, InvalidOptionError, InvalidStatusCodeError, describeRoute, didYouMean, quote } from './errors';
import type { RouteContext } from './errors';
import { isBodyAllowed, isFinalStatus } from './body-rules';
import type { DeclarableStatusCode } from './status';

/** A JSON Schema (OpenAPI 3.1 uses JSON Schema 2020-12): an object, or `true`/`false`. */
export type JsonSchema = { readonly [keyword: string]: unknown } | boolean;

/** One more documented response of an operation. */
export interface ResponseSpec {
  /** Required by OpenAPI: what this response means. */
  readonly description: string;
  /** JSON Schema of its `application/json` body; ignored for statuses that have no body. */
  readonly schema?: JsonSchema;
}

/** The optional options object a route takes before its handlers. */
export interface RouteOptions {
  /** The declared status, set on `res` before the first handler runs. Default `200`. */
  readonly statusCode?: DeclarableStatusCode;
  /** Operation summary. Default: the handler's name in title case (`createItem` → `Create Item`). */
  readonly summary?: string;
  /** Operation description (Markdown in the docs pages). */
  readonly description?: string;
  /** Tags added to the Api's and the router's tags. */
  readonly tags?: readonly string[];
  /** The operationId, used as given; must be unique in the registry. Default: derived. */
  readonly operationId?: string;
  /** Marks the operation deprecated. Default `false`. */
  readonly deprecated?: boolean;
  /** `false` keeps the route out of the document (it still serves). Default `true`. */
  readonly includeInSchema?: boolean;
  /** Description of the declared status. Default `'Successful Response'`. */
  readonly responseDescription?: string;
  /** JSON Schema of the success body. Default `{}`. Not allowed for 204, 205, 304. */
  readonly responseSchema?: JsonSchema;
  /** More documented responses, keyed by status (`404`), range (`'4XX'`) or `'default'`. */
  readonly responses?: { readonly [status: string]: ResponseSpec };
}

/** One more documented response, as checked at declaration. */
export interface CheckedResponse {
  /** `'404'`, `'4XX'` or `'default'`. */
  readonly key: string;
  readonly description: string;
  /** The schema as given; `undefined` when none was given. */
  readonly schema: JsonSchema | undefined;
}

/** Route options after checking, with the defaults filled in. */
export interface NormalizedRouteOptions {
  readonly statusCode: number;
  readonly summary: string | undefined;
  readonly description: string | undefined;
  readonly tags: readonly string[];
  readonly operationId: string | undefined;
  readonly deprecated: boolean;
  readonly includeInSchema: boolean;
  readonly responseDescription: string;
  readonly responseSchema: JsonSchema;
  /**
   * The extra responses in the order the document writes them (JSON's: statuses ascending,
   * then ranges and `'default'` as given). A list, not an object keyed by status: V8 stores
   * integer-like keys as array elements, which costs kilobytes per route.
   */
  readonly responses: readonly CheckedResponse[];
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  'statusCode', 'summary', 'description', 'tags', 'operationId', 'deprecated',
  'includeInSchema', 'responseDescription', 'responseSchema', 'responses',
]);

const NO_TAGS: readonly string[] = Object.freeze([]);
/** The default `responseSchema`, `{}` (any JSON), shared by every route that gives none. */
export const ANY_SCHEMA: JsonSchema = Object.freeze({});
/** The default `responseDescription`, FastAPI's. */
export const DEFAULT_DESCRIPTION = 'Successful Response';
/** The default `responses`, shared by every route that gives none. */
export const NO_RESPONSES: readonly CheckedResponse[] = Object.freeze([]);
const RESPONSE_KEY = /^(?:[1-5]\d\d|[1-5]XX|default)$/;

/**
 * A new object to key by HTTP status. V8 keeps integer-like keys (`'201'`) as array elements,
 * and adding one to `{}` allocates a backing array up to that index (~2.7 KB for one status).
 * Touching a far index first makes the elements a small dictionary instead (~250 B); key order
 * is unchanged (ascending).
 */
export function newStatusRecord<T>(): Record<string, T> {
  const record: Record<string, T> = {};
  record['1000000'] = undefined as T;
  delete record['1000000'];
  return record;
}

/** Whether `value` is a plain object (not an array, a function or a class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An optional string option's value, checked. */
function optionalString(key: string, value: unknown, ctx: RouteContext): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InvalidOptionError(`Invalid option ${key} ${quote(value)} for ${describeRoute(ctx)}: expected a string`, ctx);
  }
  return value;
}

/** An optional boolean option's value, checked, or `fallback`. */
function optionalBoolean(key: string, value: unknown, fallback: boolean, ctx: RouteContext): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new InvalidOptionError(`Invalid option ${key} ${quote(value)} for ${describeRoute(ctx)}: expected a boolean`, ctx);
  }
  return value;
}

function isStringArray(value: unknown): value is readonly string[] {
  if (!Array.isArray(value)) return false;
  // Indexed: `for...of` allocates an iterator result per item until the code is optimised.
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

/**
 * Checks a tag list. Tags are strings; duplicates are dropped, order kept.
 * @throws InvalidOptionError when `value` is not an array of strings.
 */
export function checkTags(value: unknown, where: string | RouteContext, ctx: RouteContext = {}): readonly string[] {
  if (value === undefined) return NO_TAGS;
  if (!isStringArray(value)) {
    const place = typeof where === 'string' ? where : describeRoute(where);
    throw new InvalidOptionError(`Invalid option tags ${quote(value)} for ${place}: expected an array of strings`, ctx);
  }
  // A frozen copy: a later change to the caller's array must not change the document.
  return Object.freeze(value.length < 2 ? value.slice() : [...new Set(value)]);
}

/** Keywords whose values are data, not schemas: a `$id` inside them is not an identifier. */
const DATA_KEYWORDS: ReadonlySet<string> = new Set(['const', 'enum', 'default', 'example', 'examples']);
/** Keywords whose values map names to schemas: their own keys (`$id` included) are names. */
const SCHEMA_MAPS: ReadonlySet<string> = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

/** A JSON Pointer token (RFC 6901 §3): `~` and `/` escaped. */
function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The first `$id` in a schema that cannot identify it: not a string, or empty. The document
 * writes each `$id` once and refers to it after (see `JsonCopier`); one that names nothing, or
 * the document itself, makes the document invalid.
 */
function findBadId(schema: unknown, at = '#'): { value: unknown; at: string } | undefined {
  if (Array.isArray(schema)) {
    for (let i = 0; i < schema.length; i++) {
      const bad = findBadId(schema[i], `${at}/${i}`);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  if (typeof schema !== 'object' || schema === null) return undefined;
  const object = schema as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(object, '$id')) {
    const id = object['$id'];
    if (typeof id !== 'string' || id === '') return { value: id, at };
  }
  for (const key of Object.keys(object)) {
    if (DATA_KEYWORDS.has(key)) continue;
    const child = object[key];
    if (SCHEMA_MAPS.has(key) && typeof child === 'object' && child !== null && !Array.isArray(child)) {
      for (const name of Object.keys(child)) {
        const bad = findBadId((child as Record<string, unknown>)[name], `${at}/${key}/${pointerToken(name)}`);
        if (bad !== undefined) return bad;
      }
    } else if (key !== '$id') {
      const bad = findBadId(child, `${at}/${pointerToken(key)}`);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

function checkSchema(value: unknown, where: string, ctx: RouteContext): JsonSchema {
  if (typeof value === 'boolean') return value;
  if (isPlainObject(value)) {
    // The document is JSON: a schema JSON cannot hold (a BigInt, a cycle) must fail here, at
    // startup, not when /openapi.json is first served.
    try {
      JSON.stringify(value);
    } catch (err) {
      throw new InvalidOptionError(
        `Invalid ${where} for ${describeRoute(ctx)}: it is not JSON (${err instanceof Error ? err.message : String(err)})`, ctx);
    }
    const badId = findBadId(value);
    if (badId !== undefined) {
      throw new InvalidOptionError(
        `Invalid ${where} for ${describeRoute(ctx)}: "$id" ${quote(badId.value)} at ${badId.at} is not a schema URI ` +
        '(JSON Schema 2020-12 §8.2.1: a non-empty string; an empty one names the document itself)', ctx);
    }
    return value as JsonSchema;
  }
  throw new InvalidOptionError(`Invalid ${where} ${quote(value)} for ${describeRoute(ctx)}: expected a JSON Schema object or boolean`, ctx);
}

function checkResponses(value: unknown, ctx: RouteContext): readonly CheckedResponse[] {
  if (value === undefined) return NO_RESPONSES;
  if (!isPlainObject(value)) {
    throw new InvalidOptionError(`Invalid option responses ${quote(value)} for ${describeRoute(ctx)}: expected an object keyed by status`, ctx);
  }
  // Object.keys gives JSON.stringify's order: integer-like keys ascending, then the others.
  const keys = Object.keys(value);
  if (keys.length === 0) return NO_RESPONSES;
  const out: CheckedResponse[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const spec = value[key];
    if (!RESPONSE_KEY.test(key)) {
      throw new InvalidOptionError(
        `Invalid response key ${quote(key)} for ${describeRoute(ctx)}: expected a status 100–599, '1XX'…'5XX' or 'default'`, ctx);
    }
    if (!isPlainObject(spec) || typeof spec['description'] !== 'string') {
      throw new InvalidOptionError(
        `Invalid response ${quote(key)} ${quote(spec)} for ${describeRoute(ctx)}: expected { description: string, schema? }`, ctx);
    }
    for (const k in spec) {
      if (k !== 'description' && k !== 'schema' && Object.prototype.hasOwnProperty.call(spec, k)) {
        throw new InvalidOptionError(`Unknown key ${quote(k)} in response ${quote(key)} for ${describeRoute(ctx)}: expected description or schema`, ctx);
      }
    }
    const schema = spec['schema'];
    if (schema !== undefined && !isBodyAllowed(key)) {
      throw new BodyNotAllowedError(Number(key), ctx);
    }
    out.push({
      key,
      description: spec['description'],
      schema: schema === undefined ? undefined : checkSchema(schema, `schema of response ${key}`, ctx),
    });
  }
  return out;
}

/** The options of a route that gives none (or `{}`): shared, frozen. */
const DEFAULT_ROUTE_OPTIONS: NormalizedRouteOptions = Object.freeze({
  statusCode: 200,
  summary: undefined,
  description: undefined,
  tags: NO_TAGS,
  operationId: undefined,
  deprecated: false,
  includeInSchema: true,
  responseDescription: DEFAULT_DESCRIPTION,
  responseSchema: ANY_SCHEMA,
  responses: NO_RESPONSES,
});

/**
 * Options that give a status and nothing else (the commonest kind): one frozen object per
 * status, in an array by status (200–599) rather than a map: no hash lookup per route.
 */
const STATUS_ONLY = new Array<NormalizedRouteOptions | undefined>(600);
STATUS_ONLY[200] = DEFAULT_ROUTE_OPTIONS;

function statusOnlyOptions(statusCode: number): NormalizedRouteOptions {
  let options = STATUS_ONLY[statusCode];
  if (options === undefined) {
    options = Object.freeze({ ...DEFAULT_ROUTE_OPTIONS, statusCode });
    STATUS_ONLY[statusCode] = options;
  }
  return options;
}

/**
 * Checks a route's options and fills in the defaults. Runs once, when the route is declared.
 * A route without options (or with `{}` or only `statusCode`) shares one frozen object.
 *
 * @throws InvalidStatusCodeError, BodyNotAllowedError or InvalidOptionError, naming the
 *   method, the path and the bad value.
 */
export function normalizeRouteOptions(options: unknown, ctx: RouteContext): NormalizedRouteOptions {
  if (options === undefined) return DEFAULT_ROUTE_OPTIONS;
  if (!isPlainObject(options)) {
    throw new InvalidOptionError(`Invalid route options ${quote(options)} for ${describeRoute(ctx)}: expected a plain object`, ctx);
  }
  // One pass reads each given option into its own variable (no option is checked until every
  // key is known, so an unknown key is reported first, as a typo usually is). Every route goes
  // through here while the server starts, before the code is optimised: each option is read
  // once, by a fixed name, rather than through a lookup per known option. `for...in` walks the
  // object's cached key list, where `Object.keys` and `for...of` would allocate per route;
  // `hasOwn` leaves out what a polluted prototype adds, as `Object.keys` would.
  let count = 0;
  let onlyKey: string | undefined;
  let statusCode: unknown;
  let summary: unknown;
  let description: unknown;
  let tags: unknown;
  let operationId: unknown;
  let deprecated: unknown;
  let includeInSchema: unknown;
  let responseDescription: unknown;
  let responseSchema: unknown;
  let responses: unknown;
  for (const key in options) {
    if (!Object.hasOwn(options, key)) continue;
    count++;
    onlyKey = key;
    const value = options[key];
    switch (key) {
      case 'statusCode': statusCode = value; break;
      case 'summary': summary = value; break;
      case 'description': description = value; break;
      case 'tags': tags = value; break;
      case 'operationId': operationId = value; break;
      case 'deprecated': deprecated = value; break;
      case 'includeInSchema': includeInSchema = value; break;
      case 'responseDescription': responseDescription = value; break;
      case 'responseSchema': responseSchema = value; break;
      case 'responses': responses = value; break;
      default:
        throw new InvalidOptionError(`Unknown route option ${quote(key)} for ${describeRoute(ctx)}${didYouMean(key, KNOWN_OPTIONS)}`, ctx);
    }
  }
  if (count === 0) return DEFAULT_ROUTE_OPTIONS;
  const status = statusCode === undefined ? 200 : statusCode;
  if (!isFinalStatus(status)) throw new InvalidStatusCodeError(status, ctx);
  if (count === 1 && onlyKey === 'statusCode') return statusOnlyOptions(status);
  if (responseSchema !== undefined && !isBodyAllowed(status)) throw new BodyNotAllowedError(status, ctx);
  return {
    statusCode: status,
    summary: optionalString('summary', summary, ctx),
    description: optionalString('description', description, ctx),
    tags: checkTags(tags, ctx, ctx),
    operationId: optionalString('operationId', operationId, ctx),
    deprecated: optionalBoolean('deprecated', deprecated, false, ctx),
    includeInSchema: optionalBoolean('includeInSchema', includeInSchema, true, ctx),
    responseDescription: optionalString('responseDescription', responseDescription, ctx) ?? DEFAULT_DESCRIPTION,
    responseSchema: responseSchema === undefined ? ANY_SCHEMA : checkSchema(responseSchema, 'responseSchema', ctx),
    responses: checkResponses(responses, ctx),
  };
}
