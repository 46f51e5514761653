// The `responses` of an operation: the declared status, the extra entries, shared when alike.

import { isBodyAllowed } from './body-rules';
import { EMPTY_SCHEMA } from './openapi-json-copy';
import type { JsonCopier } from './openapi-json-copy';
import type { OperationObject, ResponseObject } from './openapi';
import type { RouteRecord } from './registry';
import { ANY_SCHEMA, NO_RESPONSES, newStatusRecord } from './route-options';
import type { JsonSchema } from './route-options';

const JSON_MEDIA_TYPE = 'application/json';

/**
 * Builds `responses` for one document (see `buildOpenApiDocument` for the conventions). The
 * common shapes are built once and shared: a declared status with the default schema, and
 * `{ description }` entries.
 */
export class ResponsesBuilder {
  readonly #copier: JsonCopier;
  /** Declared-status responses without extra entries, keyed by status and description. */
  readonly #plainResponses = new Map<number, Map<string, OperationObject['responses']>>();
  readonly #defaultResponses = new Map<string, Map<string, ResponseObject>>();
  readonly #bareResponses = new Map<string, ResponseObject>();

  constructor(copier: JsonCopier) {
    this.#copier = copier;
  }

  /** The operation's `responses`: the declared status, then the extra entries. */
  responses(record: RouteRecord): OperationObject['responses'] {
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
        const one = newStatusRecord<ResponseObject>();
        const main = String(statusCode);
        one[main] = this.#defaultResponse(main, responseDescription);
        shared = Object.freeze(one);
        byDescription.set(responseDescription, shared);
      }
      return shared;
    }
    const main = String(statusCode);
    const out = newStatusRecord<ResponseObject>();
    out[main] = plainSchema
      ? this.#defaultResponse(main, responseDescription)
      : this.#response(responseDescription, main, this.#copier.schema(responseSchema));
    for (const key in responses) {
      const spec = responses[key];
      if (spec === undefined || !Object.prototype.hasOwnProperty.call(responses, key)) continue;
      if (spec.schema !== undefined) {
        out[key] = this.#response(spec.description, key, this.#copier.schema(spec.schema));
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


function isEmpty(obj: object): boolean {
  if (obj === ANY_SCHEMA || obj === NO_RESPONSES) return true; // the shared defaults
  for (const _key in obj) return false;
  return true;
}
