// Caches the OpenAPI document, its bytes and its ETag until the registry changes.

import { createHash } from 'node:crypto';
import { buildOpenApiDocument } from './openapi';
import type { ApiInfo, OpenApiDocument } from './openapi';
import type { Registry } from './registry';

/** The document as served: the object, its JSON bytes and a strong ETag of those bytes. */
export interface SerializedDocument {
  /** The (deep-frozen) document the bytes were made from. */
  readonly document: OpenApiDocument;
  /** `JSON.stringify(document)` as UTF-8, ready for `res.end(body)`. */
  readonly body: Buffer;
  /** A strong ETag, quoted: `"<length in hex>-<SHA-1 of body, base64>"` (Express's own format). */
  readonly etag: string;
}

/**
 * How many served variants (one per mount point, `req.baseUrl`) are kept. A router mounted under
 * a parameter (`app.use('/:tenant', router)`) has a `baseUrl` per client-chosen value: without a
 * bound, requests could grow the cache without end. The oldest variant goes first.
 */
const MAX_VARIANTS = 16;

/**
 * The document of one registry, built only when `registry.version` changed, and its served
 * variants, serialised and hashed once per change: `GET /openapi.json` costs no rebuild, no
 * re-serialisation and no re-hashing per request.
 *
 * Mutation: the document is deep-frozen when it is built (see `buildOpenApiDocument`), so
 * `api.openapi()` hands out the cached object itself, at no cost per call, and a caller that
 * tries to change it gets a `TypeError` in strict mode (a silent no-op in sloppy mode) instead
 * of corrupting what `/openapi.json` serves. Freezing is part of the build (a few ms for 10,000
 * routes, fragments being shared); a fresh copy per call would cost a full rebuild each time.
 * Use `structuredClone(api.openapi())` for a document to edit.
 */
export class OpenApiCache {
  readonly #registry: Registry;
  readonly #info: ApiInfo;
  #version = -1;
  #document: OpenApiDocument | undefined;
  readonly #variants = new Map<string, SerializedDocument>();

  constructor(registry: Registry, info: ApiInfo) {
    this.#registry = registry;
    this.#info = info;
  }

  /** The document; rebuilt only when `registry.version` changed. Deep-frozen. */
  document(): OpenApiDocument {
    const version = this.#registry.version;
    if (this.#document === undefined || version !== this.#version) {
      this.#document = buildOpenApiDocument(this.#registry.routes, this.#info, this.#registry.pathGroups);
      this.#version = version;
      this.#variants.clear();
    }
    return this.#document;
  }

  /**
   * The serialised bytes and a strong ETag (a hash of the bytes alone, so every process serving
   * the same routes agrees) of the document as served under `baseUrl`: the `req.baseUrl` where
   * the Api's router is mounted (`'/api'`; `''` at the root). When `baseUrl` is not `''` and no
   * `servers` were given, the served variant has `servers: [{ url: baseUrl }]`, so Swagger UI's
   * "Try it out" calls `/api/...`. One variant per `baseUrl` is cached (at most 16, oldest
   * dropped first); all are dropped when the registry changes.
   */
  serialized(baseUrl = ''): SerializedDocument {
    const document = this.document();
    const key = this.#info.servers === undefined ? baseUrl : '';
    let variant = this.#variants.get(key);
    if (variant === undefined) {
      variant = serialize(key === '' ? document : withServer(document, key));
      if (this.#variants.size >= MAX_VARIANTS) {
        const oldest = this.#variants.keys().next();
        if (oldest.done !== true) this.#variants.delete(oldest.value);
      }
      this.#variants.set(key, variant);
    }
    return variant;
  }
}

/** The document with `servers: [{ url: baseUrl }]`, keys in the usual order; shares the rest. */
function withServer(document: OpenApiDocument, baseUrl: string): OpenApiDocument {
  const { openapi, info, servers: _none, ...rest } = document;
  return Object.freeze({
    openapi,
    info,
    servers: Object.freeze([Object.freeze({ url: baseUrl })]),
    ...rest,
  });
}

function serialize(document: OpenApiDocument): SerializedDocument {
  const text = JSON.stringify(document);
  // One pass: V8 first joins the text's pieces (`JSON.stringify` returns a tree of them), which
  // is most of the time here; an all-ASCII check followed by a Latin-1 copy measured no faster.
  const body = Buffer.from(text, 'utf8');
  const hash = createHash('sha1').update(body).digest('base64').slice(0, 27);
  return Object.freeze({ document, body, etag: `"${body.length.toString(16)}-${hash}"` });
}
