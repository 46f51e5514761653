// The operationIds of one document: explicit ones as given, derived ones made unique.

import { toIdentifier } from './openapi-names';
import type { HttpMethod } from './registry';

/**
 * Hands out the operationIds of one document build (see `buildOpenApiDocument` for the rules):
 * explicit ids are reserved first; a derived id, `{name}{sanitised path}_{method}`, already
 * taken gets `_2`, `_3`… in the order asked.
 *
 * Checking each derived id against a set of all ids hashes 10,000 new strings for 10,000
 * routes. Most documents need none of it, because their derived ids cannot collide: while
 * (1) no id is explicit, (2) every handler has a name, (3) no two distinct name ids are such
 * that one starts with the other and `_`, and (4) no two distinct templates sanitise alike,
 * two derived ids are equal only for the same name, path and method, which one document
 * never has twice. Why (3) and (4) are enough: every sanitised path starts with `_` (a
 * template starts with `/`), and no method has a `_`; so `a + pathA + '_' + m` equals
 * `b + pathB + '_' + n` only with `m = n`, and then either `a = b` and `pathA = pathB`, or the
 * longer name is the shorter one followed by `_`.
 *
 * So the ids are handed out unchecked while (1)–(4) hold, which costs a set entry per new name
 * and per new template rather than one per operation. The first request that breaks them puts
 * every id handed out so far (all distinct) into the set and checks from then on, exactly as if
 * it had checked from the start: the ids are the same either way.
 */
export class OperationIds {
  /** Every id reserved or handed out, once ids are checked (see `#unchecked`). */
  readonly #taken = new Set<string>();
  /** The derived ids handed out unchecked, in order; `undefined` once ids are checked. */
  #unchecked: string[] | undefined = [];
  /** The name ids seen (see `nameId`), and every part of one that ends right before a `_`. */
  readonly #names = new Set<string>();
  readonly #namePrefixes = new Set<string>();
  /** Sanitised paths, by template; and the sanitised paths seen, to see two templates alike. */
  readonly #sanitizedText = new Map<string, string>();
  readonly #sanitizedSeen = new Set<string>();
  #lastTemplate: string | undefined;
  #lastSanitized = '';

  /** Reserves an explicit id: derived ids will not take it, whatever the order of asking. */
  reserve(id: string): void {
    this.#check();
    this.#taken.add(id);
  }

  /**
   * The start of a handler's derived ids: its (cleaned) name as an identifier. Every name given
   * to `derived` must come from here, so that the names seen are known (see the class notes).
   */
  nameId(name: string): string {
    const id = toIdentifier(name);
    if (this.#unchecked === undefined || this.#names.has(id)) return id;
    if (id === '' || this.#namePrefixes.has(id)) {
      this.#check(); // anonymous, or another name is this one followed by `_`
      return id;
    }
    for (let i = id.indexOf('_', 1); i !== -1; i = id.indexOf('_', i + 1)) {
      const prefix = id.slice(0, i);
      if (this.#names.has(prefix)) {
        this.#check(); // this name is another one followed by `_`
        return id;
      }
      this.#namePrefixes.add(prefix);
    }
    this.#names.add(id);
    return id;
  }

  /** `{nameId}{template sanitised}_{method}`, made unique. `nameId` is from `nameId()`. */
  derived(nameId: string, template: string, method: HttpMethod): string {
    // An anonymous handler: `items_post`, not `_items_post`.
    const path = nameId === '' ? this.#sanitized(template).replace(/^_+/, '') : this.#sanitized(template);
    // Joined into one flat string: `+` makes a tree of string nodes per operation, which the
    // document keeps (the whole document kept 339 bytes an operation with them, 185 without:
    // bench/openapi-alloc.js) for every scavenge to copy, and `JSON.stringify` flattens later.
    const derived = nameId === '' && path === '' ? method : [nameId, path, '_', method].join('');
    const unchecked = this.#unchecked;
    if (unchecked !== undefined) {
      unchecked.push(derived);
      return derived;
    }
    // `add` then a look at the size: one hash lookup when the id is free, as it nearly always is.
    const taken = this.#taken.size;
    this.#taken.add(derived);
    if (this.#taken.size > taken) return derived;
    let id = derived;
    for (let n = 2; this.#taken.has(id); n++) id = `${derived}_${n}`;
    this.#taken.add(id);
    return id;
  }

  /** From now on every id is checked; the ones handed out unchecked (all distinct) are taken. */
  #check(): void {
    const unchecked = this.#unchecked;
    if (unchecked === undefined) return;
    this.#unchecked = undefined;
    for (let i = 0; i < unchecked.length; i++) this.#taken.add(unchecked[i] as string);
  }

  /**
   * The template with every character outside `[A-Za-z0-9_]` turned into `_`. The methods of
   * a path are usually asked for one after another: the last path's is kept, the others memoised.
   */
  #sanitized(template: string): string {
    if (template === this.#lastTemplate) return this.#lastSanitized;
    let out = this.#sanitizedText.get(template);
    if (out === undefined) {
      out = toIdentifier(template);
      this.#sanitizedText.set(template, out);
      if (this.#unchecked !== undefined) {
        // Two templates alike once sanitised (`/a-b`, `/a_b`): their ids could meet.
        const seen = this.#sanitizedSeen.size;
        this.#sanitizedSeen.add(out);
        if (this.#sanitizedSeen.size === seen) this.#check();
      }
    }
    this.#lastTemplate = template;
    this.#lastSanitized = out;
    return out;
  }
}
