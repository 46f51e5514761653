// toOpenApiPath: Express 4 and 5 path syntax → OpenAPI path templates, from a table of cases.

import { toOpenApiPath } from '../lib/openapi-path';
import { StatusRoutesError, UnsupportedPathError } from '../lib/errors';

describe('toOpenApiPath', () => {
  it.each<[label: string, express: string, path: string, params: string[]]>([
    ['root', '/', '/', []],
    ['static path', '/items', '/items', []],
    ['trailing slash kept', '/items/', '/items/', []],
    ['no leading slash', 'items', '/items', []],
    ['no leading slash, with a param', 'items/:id', '/items/{id}', ['id']],
    ['a literal colon not followed by a name (Express 4)', '/a:/b', '/a:/b', []],
    ['Express 4/5 param', '/items/:id', '/items/{id}', ['id']],
    ['several params', '/users/:userId/items/:id', '/users/{userId}/items/{id}', ['userId', 'id']],
    ['Express 4 param with a regex', '/items/:id(\\d+)', '/items/{id}', ['id']],
    ['Express 4 regex with braces inside', '/items/:id([a-z]{2})', '/items/{id}', ['id']],
    ['params in one segment', '/files/:name.:ext', '/files/{name}.{ext}', ['name', 'ext']],
    ['param after a dash', '/range/:from-:to', '/range/{from}-{to}', ['from', 'to']],
    ['Express 5 named wildcard', '/files/*splat', '/files/{splat}', ['splat']],
    ['router prefix param + wildcard', '/t/:tenant/files/*path', '/t/{tenant}/files/{path}', ['tenant', 'path']],
    ['underscores and digits in names', '/a/:item_id/:_b2', '/a/{item_id}/{_b2}', ['item_id', '_b2']],
    ['a wildcard before a param: names in path order', '/*id/:_', '/{id}/{_}', ['id', '_']],
    ['a wildcard between params', '/:a/*b/:c', '/{a}/{b}/{c}', ['a', 'b', 'c']],
  ])('%s: %s → %s', (_label, express, path, params) => {
    expect(toOpenApiPath(express)).toEqual({ path, params });
  });

  it.each<[label: string, express: unknown]>([
    ['Express 4 optional param', '/items/:id?'],
    ['Express 4 optional param with regex', '/items/:id(\\d+)?'],
    ['Express 4 repeated param', '/items/:id+'],
    ['Express 4 zero-or-more param', '/items/:id*'],
    ['Express 4 unnamed wildcard', '/files/*'],
    ['unnamed wildcard in the middle', '/a/*/b'],
    ['Express 4 optional character', '/ab?cd'],
    ['Express 4 unnamed group', '/a/(\\d+)'],
    ['Express 5 optional segment', '/items{/:id}'],
    ['Express 5 optional wildcard', '/files{/*path}'],
    ['literal braces (Express 4) / optional text (Express 5)', '/items/{id}'],
    ['a lone brace', '/items/{'],
    ['escaped colon is not a param', '/a/\\:b'],
    ['escaped star', '/a\\*b'],
    ['the same param twice', '/a/:id/b/:id'],
    ['the same param twice, one with a regex', '/a/:id(\\d+)/b/:id'],
    ['a NUL character', '/a/\0b\0'],
    // Names Express 4 (\w+) and Express 5 (JS identifiers, quoted names) read differently.
    ['non-ASCII name (Express 5: café; Express 4: caf + é)', '/:café'],
    ['$ starting a name (Express 5 only)', '/a/:$id'],
    ['$ inside a name (Express 5: id$x; Express 4: id + $x)', '/a/:id$x'],
    ['Express 5 quoted name', '/a/:"x y"'],
    ['a digit after the colon (Express 4 param "30")', '/time/12:30'],
    ['non-ASCII wildcard name', '/files/*chemin_é'],
    ['RegExp', /^\/items\/(\d+)$/],
    ['array of paths', ['/a', '/b']],
    ['undefined', undefined],
  ])('%s (%p) → ERR_UNSUPPORTED_PATH', (_label, express) => {
    let error: unknown;
    try {
      toOpenApiPath(express, { method: 'get', path: String(express) });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UnsupportedPathError);
    expect(error).toBeInstanceOf(StatusRoutesError);
    expect((error as UnsupportedPathError).code).toBe('ERR_UNSUPPORTED_PATH');
    expect((error as UnsupportedPathError).method).toBe('get');
  });
});
