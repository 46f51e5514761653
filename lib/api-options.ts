// The options createApi() and docs() take, checked once at setup.

import { InvalidOptionError, didYouMean, quote } from './errors';
import { checkTags, isPlainObject } from './route-options';
import { Registry } from './registry';
import { checkOnWarning } from './warnings';
import type { WarningHandler } from './warnings';

/** An OpenAPI Server Object: where the API is reached. */
export interface ServerObject {
  readonly url: string;
  readonly description?: string;
  readonly variables?: {
    readonly [name: string]: { readonly default: string; readonly enum?: readonly string[]; readonly description?: string };
  };
}

/** Options of `createApi`. */
export interface ApiOptions {
  /** `info.title` of the document. Default `'API'`. */
  readonly title?: string;
  /** `info.version` of the document. Default `'0.1.0'`. */
  readonly version?: string;
  /** `info.description` of the document (Markdown). */
  readonly description?: string;
  /** The document's `servers`. */
  readonly servers?: readonly ServerObject[];
  /** Tags applied to every route of this Api and its routers. */
  readonly tags?: readonly string[];
  /** A registry to record routes in, e.g. one shared by several Apis. Default: a new one. */
  readonly registry?: Registry;
  /**
   * Receives what the body rules silently corrected (body bytes dropped on a 204/205/304, a
   * write after the response ended), once per route and kind; `false` turns warnings off.
   * Default: Node's `process.emitWarning`.
   */
  readonly onWarning?: WarningHandler | false;
}

/** `createApi` options after checking, with the defaults filled in. */
export interface NormalizedApiOptions {
  readonly title: string;
  readonly version: string;
  readonly description: string | undefined;
  readonly servers: readonly ServerObject[] | undefined;
  readonly tags: readonly string[];
  readonly registry: Registry;
  readonly onWarning: WarningHandler | undefined;
}

const KNOWN: ReadonlySet<string> = new Set(['title', 'version', 'description', 'servers', 'tags', 'registry', 'onWarning']);

function str(options: Record<string, unknown>, key: string, fallback: string): string;
function str(options: Record<string, unknown>, key: string, fallback?: undefined): string | undefined;
function str(options: Record<string, unknown>, key: string, fallback?: string): string | undefined {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') {
    throw new InvalidOptionError(`Invalid createApi option ${key} ${quote(value)}: expected a string`);
  }
  return value;
}

/**
 * Checks `createApi` options once, at setup.
 * @throws InvalidOptionError for an unknown key or a value of the wrong type.
 */
export function normalizeApiOptions(options: unknown): NormalizedApiOptions {
  if (options === undefined) options = {};
  if (!isPlainObject(options)) {
    throw new InvalidOptionError(`Invalid createApi options ${quote(options)}: expected a plain object`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new InvalidOptionError(`Unknown createApi option ${quote(key)}${didYouMean(key, KNOWN)}`);
  }
  const servers = options['servers'];
  if (servers !== undefined && (!Array.isArray(servers) ||
      !servers.every((s) => isPlainObject(s) && typeof s['url'] === 'string'))) {
    throw new InvalidOptionError(`Invalid createApi option servers ${quote(servers)}: expected an array of { url: string }`);
  }
  const registry = options['registry'];
  if (registry !== undefined && !(registry instanceof Registry)) {
    throw new InvalidOptionError(`Invalid createApi option registry ${quote(registry)}: expected a Registry`);
  }
  return {
    title: str(options, 'title', 'API'),
    version: str(options, 'version', '0.1.0'),
    description: str(options, 'description'),
    servers: servers as readonly ServerObject[] | undefined,
    tags: checkTags(options['tags'], 'createApi'),
    registry: registry ?? new Registry(),
    onWarning: checkOnWarning(options['onWarning'], 'createApi'),
  };
}
