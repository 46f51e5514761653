// Turns an Express path into an OpenAPI path template and its parameter names.

import { UnsupportedPathError } from './errors';
import type { RouteContext } from './errors';

/** An Express path as the OpenAPI document writes it. */
export interface OpenApiPath {
  /** The templated path, e.g. `/items/{id}`. */
  readonly path: string;
  /** The path parameters in order of appearance, e.g. `['id']`. */
  readonly params: readonly string[];
}

// Parameter names are kept to what Express 4 (`\w+`) and Express 5 (JS identifiers) read
// alike: ASCII letters, digits and `_`, not starting with a digit. Anything else next to a `:`
// (`:café`, `:$id`, `:"x y"`, `12:30`) is read differently by the two, and is refused below.
// `:name` with an optional Express 4 regex group `(\d+)`.
const PARAM = /:([A-Za-z_]\w*)(\((?:\\.|[^\\()])*\))?/g;
// Express 5 named wildcard `*name`.
const SPLAT = /\*([A-Za-z_]\w*)/g;
// After the parameters are replaced: a `:` or a name's end that the two versions read differently.
const AMBIGUOUS = /:[$"\d\u0080-\uffff]|\0[$\u0080-\uffff]/;
const NO_PARAMS: readonly string[] = Object.freeze([]);

/**
 * What makes a path more than literal text and `:name`: `*?+()[]{}\\`, NUL, `$`, `"`, any
 * non-ASCII character, or a `:` that no name follows.
 */
const NOT_PLAIN = /[*?+()[\]{}\\\0$"\u0080-\uffff]|:(?![A-Za-z_])/;
/** A `:name` of a plain path. */
const PLAIN_PARAM = /:([A-Za-z_]\w*)/g;
/** The name of each `:name` of a plain path, without its `:`. */
const PLAIN_NAME = /(?<=:)[A-Za-z_]\w*/g;

/**
 * The fast path for plain paths (most of them). Regular expressions rather than a scan in
 * JavaScript: they run as native code from the first call, when a server declares its routes.
 * `undefined` sends anything unusual to the careful path below.
 */
function plainPath(p: string): OpenApiPath | undefined {
  if (p.charCodeAt(0) !== 47 || NOT_PLAIN.test(p)) return undefined; // not "/...", or not plain
  // One array of the names, where an `exec` loop would make a match array per parameter.
  const params = p.match(PLAIN_NAME);
  if (params === null) return { path: p, params: NO_PARAMS };
  for (let i = 1; i < params.length; i++) {
    if (params.lastIndexOf(params[i] as string, i - 1) !== -1) return undefined; // the careful path reports it
  }
  // `replace` makes one flat string, not a tree of concatenations that the registry would keep.
  return { path: p.replace(PLAIN_PARAM, '{$1}'), params };
}

/**
 * Converts an Express path (`/items/:id`, Express 5's `/files/*path`) to an OpenAPI path
 * (`/items/{id}`, `/files/{path}`).
 *
 * @param expressMajor - the Express major that will match the path: their grammars differ
 *   (`*name` is a named wildcard in Express 5, an unnamed one followed by text in Express 4).
 * @throws UnsupportedPathError for what OpenAPI cannot express: a RegExp or array path, an
 *   optional segment (`:id?`, `{/:id}`), an unnamed wildcard (`*`), a parameter repeated.
 * @example
 * toOpenApiPath('/users/:userId/items/:id'); // { path: '/users/{userId}/items/{id}', params: ['userId', 'id'] }
 */
export function toOpenApiPath(expressPath: unknown, ctx: RouteContext = {}, expressMajor: 4 | 5 = 5): OpenApiPath {
  if (typeof expressPath !== 'string') {
    throw new UnsupportedPathError(expressPath, 'only string paths can be documented', ctx);
  }
  const plain = plainPath(expressPath);
  if (plain !== undefined) return plain;
  const params: string[] = [];
  const fail = (reason: string): never => {
    throw new UnsupportedPathError(expressPath, reason, ctx);
  };
  if (expressPath.includes('\0')) fail('it has a NUL character');
  // Express 4 (path-to-regexp 0.1) reads every `*` as an unnamed wildcard, `*name` included.
  if (expressMajor === 4 && expressPath.includes('*')) fail('Express 4 reads `*` as an unnamed wildcard, which OpenAPI cannot name');
  // Parameters become NUL-delimited placeholders first, so the checks below see only what the
  // user wrote outside them (a literal `{`, a `\\` escape), not the braces we add.
  let path = expressPath.replace(PARAM, (match: string, name: string, _regex: string | undefined, offset: number) => {
    const next = expressPath[offset + match.length];
    if (next === '?' || next === '*' || next === '+') {
      fail(`parameter :${name}${next} is optional or repeated, and OpenAPI path parameters are always one required segment`);
    }
    params.push(name);
    return `\0${name}\0`;
  });
  path = path.replace(SPLAT, (_m, name: string) => {
    params.push(name);
    return `\0${name}\0`;
  });
  if (/[*?+()[\]]/.test(path)) fail('it has a wildcard or pattern that OpenAPI cannot name');
  if (AMBIGUOUS.test(path)) {
    fail('a parameter name is quoted, starts with a digit, or has `$` or non-ASCII characters, which Express 4 and 5 read differently');
  }
  // Express 5 braces mark optional parts; Express 4 takes them literally, where OpenAPI would
  // read a template with no parameter behind it. Either way the document cannot say it.
  if (/[{}]/.test(path)) fail('it has braces: an optional segment, and OpenAPI has no optional path parts');
  // A backslash escapes the next character in both Express versions (`\\:` is a literal colon).
  if (path.includes('\\')) fail('it has an escaped character');
  if (new Set(params).size !== params.length) fail('a parameter name appears twice');
  // The names in the order they appear: `:name`s were collected before `*name`s above.
  const ordered: string[] = [];
  path = path.replace(/\0([^\0]*)\0/g, (_m, name: string) => {
    ordered.push(name);
    return `{${name}}`;
  });
  if (!path.startsWith('/')) path = `/${path}`;
  return { path, params: ordered };
}

/** A `{name}` of a template: everything from a `{` to the next `}`. */
const TEMPLATE_PARAM = /\{[^}]*\}/g;

/**
 * A template with its parameter names blanked, `/a/{id}/b/{key}` → `/a/{}/b/{}`: templates
 * that differ only in names are one path to OpenAPI (and one route to Express). One native
 * replace: every new path goes through here, mostly before the code is optimised, where a scan
 * in JavaScript takes twice the time and allocates twice the memory (slices and their join).
 */
export function templateShape(path: string): string {
  return path.includes('{') ? path.replace(TEMPLATE_PARAM, '{}') : path;
}

/**
 * Whether two parameter lists of one length name the same parameters, in order: how the
 * lists alike are found without making a key (see `internParams` and `buildOpenApiDocument`).
 */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
