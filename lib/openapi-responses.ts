// The `responses` of an operation: the declared status, the extra entries, shared when alike.

import { isBodyAllowed } from './body-rules';
import { EMPTY_SCHEMA } from './openapi-json-copy';
import type { JsonCopier } from './openapi-json-copy';
import type { OperationObject, ResponseObject } from './openapi';
import type { RouteRecord } from './registry';
import { ANY_SCHEMA, DEFAULT_DESCRIPTION, newStatusRecord } from './route-options';
import type { CheckedResponse, JsonSchema, NormalizedRouteOptions } from './route-options';

const JSON_MEDIA_TYPE = 'application/json';

/**
 * Builds `responses` for one document (see `buildOpenApiDocument` for the conventions). What
 * holds no user schema is built once per distinct content and shared between operations: most
 * routes say the same things (`'201': Successful Response`, `'422': Invalid item`).
 */
export class ResponsesBuilder {
  readonly #copier: JsonCopier;
  /** Responses objects without user schemas, keyed by their content (see `contentKey`). */
  readonly #shared = new Map<string, OperationObject['responses']>();
  /** The commonest: the declared status alone, default schema and description; by status (200–599). */
  readonly #plainDefault = new Array<OperationObject['responses'] | undefined>(600);
  /** The last schema-less `responses` looked up by content, by declared status (200–599). */
  readonly #lastByStatus = new Array<{ options: NormalizedRouteOptions; responses: OperationObject['responses'] } | undefined>(600);
  readonly #defaultResponses = new Map<string, ResponseObject>();
  readonly #bareResponses = new Map<string, ResponseObject>();

  constructor(copier: JsonCopier) {
    this.#copier = copier;
  }

  /** The operation's `responses`: the declared status, then the extra entries. */
  responses(record: RouteRecord): OperationObject['responses'] {
    const options = record.options;
    const defaultSchema = hasDefaultSchema(options);
    if (defaultSchema && options.responses.length === 0 && options.responseDescription === DEFAULT_DESCRIPTION) {
      // Most routes: the declared status alone, as FastAPI writes it. By status, no key to build.
      let shared = this.#plainDefault[options.statusCode];
      if (shared === undefined) {
        shared = this.#build(options);
        this.#plainDefault[options.statusCode] = shared;
      }
      return shared;
    }
    if (!defaultSchema || options.responses.some(hasSchema)) return this.#build(options);
    // Routes alike say the same for a status (`'201'` and `'422': Invalid item`): the last
    // ones built for the status are compared first, field by field, before a key is built.
    const last = this.#lastByStatus[options.statusCode];
    if (last !== undefined && sameContent(last.options, options)) return last.responses;
    const key = contentKey(options);
    let shared = this.#shared.get(key);
    if (shared === undefined) {
      shared = this.#build(options);
      this.#shared.set(key, shared);
    }
    this.#lastByStatus[options.statusCode] = { options, responses: shared };
    return shared;
  }

  #build(options: NormalizedRouteOptions): OperationObject['responses'] {
    const { statusCode, responseDescription, responseSchema } = options;
    const main = String(statusCode);
    const out = newStatusRecord<ResponseObject>();
    out[main] = hasDefaultSchema(options)
      ? this.#defaultResponse(main, responseDescription)
      : this.#response(responseDescription, main, this.#copier.schema(responseSchema));
    for (const { key, description, schema } of options.responses) {
      if (schema !== undefined) {
        out[key] = this.#response(description, key, this.#copier.schema(schema));
      } else if (key === main) {
        // Like FastAPI: an extra entry for the declared status keeps the declared content.
        out[key] = Object.freeze({ ...out[main], description }) as ResponseObject;
      } else {
        out[key] = this.#descriptionOnly(description);
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
    const memoKey = `${key}\0${description}`;
    let response = this.#defaultResponses.get(memoKey);
    if (response === undefined) {
      response = this.#response(description, key, EMPTY_SCHEMA);
      this.#defaultResponses.set(memoKey, response);
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

/** Whether the declared status's schema is the default `{}` (given or not). */
function hasDefaultSchema(options: NormalizedRouteOptions): boolean {
  return typeof options.responseSchema === 'object' && isEmpty(options.responseSchema);
}

function hasSchema(response: CheckedResponse): boolean {
  return response.schema !== undefined;
}

/** Whether two schema-less options say the same in `responses` (what `contentKey` keys on). */
function sameContent(a: NormalizedRouteOptions, b: NormalizedRouteOptions): boolean {
  if (a.statusCode !== b.statusCode || a.responseDescription !== b.responseDescription) return false;
  const x = a.responses;
  const y = b.responses;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i] as CheckedResponse;
    const q = y[i] as CheckedResponse;
    if (p.key !== q.key || p.description !== q.description) return false;
  }
  return true;
}

/**
 * What a schema-less `responses` says, as one string: each part is prefixed by its length, so
 * no description (whatever characters it holds) can make two different contents one key.
 */
function contentKey(options: NormalizedRouteOptions): string {
  let key = `${options.statusCode}:${options.responseDescription.length}:${options.responseDescription}`;
  const responses = options.responses;
  for (let i = 0; i < responses.length; i++) {
    const { key: status, description } = responses[i] as CheckedResponse;
    key += `|${status}:${description.length}:${description}`;
  }
  return key;
}

function isEmpty(obj: object): boolean {
  if (obj === ANY_SCHEMA) return true; // the shared default
  for (const _key in obj) return false;
  return true;
}
