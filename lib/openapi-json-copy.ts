// Copies user-supplied JSON (schemas, servers) into the frozen document, each `$id` written once.

import type { JsonSchema } from './route-options';

/** The shared, frozen `{}`: the default response schema. */
export const EMPTY_SCHEMA: JsonSchema = Object.freeze({});

/** Per-document copier: remembers what it copied, so shared objects are copied once. */
export class JsonCopier {
  /** User objects → their frozen copies. */
  readonly #copies = new Map<object, unknown>();
  /** Schema `$id`s already written, and the copies that declare one (never shared). */
  readonly #ids = new Set<string>();
  readonly #declaresId = new WeakSet<object>();

  /**
   * A deep-frozen copy of a JSON value given by the user; an object shared by several routes is
   * copied once. A schema with an `$id` must appear once in the document (a URI identifies one
   * schema, and validators reject a duplicate), so where a schema declaring an `$id` already
   * written appears again, the copy is `{ $ref: thatId }` instead.
   */
  copy(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const done = this.#copies.get(value);
    if (done !== undefined && !this.#declaresId.has(done as object)) return done;
    let out: object;
    let declaresId = false;
    if (Array.isArray(value)) {
      const arr: unknown[] = [];
      this.#copies.set(value, arr);
      for (const v of value) {
        const c = this.copy(v);
        if (typeof c === 'object' && c !== null && this.#declaresId.has(c)) declaresId = true;
        arr.push(c);
      }
      out = Object.freeze(arr);
    } else {
      const id = (value as Record<string, unknown>)['$id'];
      if (typeof id === 'string') {
        if (this.#ids.has(id)) return Object.freeze({ $ref: id });
        this.#ids.add(id);
        declaresId = true;
      }
      const obj: Record<string, unknown> = {};
      this.#copies.set(value, obj);
      for (const key in value) {
        if (Object.prototype.hasOwnProperty.call(value, key)) {
          const c = this.copy((value as Record<string, unknown>)[key]);
          if (typeof c === 'object' && c !== null && this.#declaresId.has(c)) declaresId = true;
          obj[key] = c;
        }
      }
      out = Object.freeze(obj);
    }
    if (declaresId) this.#declaresId.add(out);
    this.#copies.set(value, out);
    return out;
  }

  /** A user's JSON Schema as the document holds it; every empty `{}` becomes one shared object. */
  schema(schema: JsonSchema): JsonSchema {
    if (typeof schema !== 'object') return schema;
    // The default `{}` is a new object per route: share one frozen copy instead of thousands.
    for (const key in schema) {
      if (Object.prototype.hasOwnProperty.call(schema, key)) return this.copy(schema) as JsonSchema;
    }
    return EMPTY_SCHEMA;
  }
}
