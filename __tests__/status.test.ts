import { isBodyAllowed } from '../lib/body-rules';
import { HttpStatus, status } from '../lib/status';
import type { DeclarableStatusCode, StatusCodeValue } from '../lib/status';

// Starlette's starlette/status.py (current, RFC 9110 names), HTTP section, in source order.
const STARLETTE: ReadonlyArray<readonly [string, number]> = [
  ['HTTP_100_CONTINUE', 100],
  ['HTTP_101_SWITCHING_PROTOCOLS', 101],
  ['HTTP_102_PROCESSING', 102],
  ['HTTP_103_EARLY_HINTS', 103],
  ['HTTP_200_OK', 200],
  ['HTTP_201_CREATED', 201],
  ['HTTP_202_ACCEPTED', 202],
  ['HTTP_203_NON_AUTHORITATIVE_INFORMATION', 203],
  ['HTTP_204_NO_CONTENT', 204],
  ['HTTP_205_RESET_CONTENT', 205],
  ['HTTP_206_PARTIAL_CONTENT', 206],
  ['HTTP_207_MULTI_STATUS', 207],
  ['HTTP_208_ALREADY_REPORTED', 208],
  ['HTTP_226_IM_USED', 226],
  ['HTTP_300_MULTIPLE_CHOICES', 300],
  ['HTTP_301_MOVED_PERMANENTLY', 301],
  ['HTTP_302_FOUND', 302],
  ['HTTP_303_SEE_OTHER', 303],
  ['HTTP_304_NOT_MODIFIED', 304],
  ['HTTP_305_USE_PROXY', 305],
  ['HTTP_306_RESERVED', 306],
  ['HTTP_307_TEMPORARY_REDIRECT', 307],
  ['HTTP_308_PERMANENT_REDIRECT', 308],
  ['HTTP_400_BAD_REQUEST', 400],
  ['HTTP_401_UNAUTHORIZED', 401],
  ['HTTP_402_PAYMENT_REQUIRED', 402],
  ['HTTP_403_FORBIDDEN', 403],
  ['HTTP_404_NOT_FOUND', 404],
  ['HTTP_405_METHOD_NOT_ALLOWED', 405],
  ['HTTP_406_NOT_ACCEPTABLE', 406],
  ['HTTP_407_PROXY_AUTHENTICATION_REQUIRED', 407],
  ['HTTP_408_REQUEST_TIMEOUT', 408],
  ['HTTP_409_CONFLICT', 409],
  ['HTTP_410_GONE', 410],
  ['HTTP_411_LENGTH_REQUIRED', 411],
  ['HTTP_412_PRECONDITION_FAILED', 412],
  ['HTTP_413_CONTENT_TOO_LARGE', 413],
  ['HTTP_414_URI_TOO_LONG', 414],
  ['HTTP_415_UNSUPPORTED_MEDIA_TYPE', 415],
  ['HTTP_416_RANGE_NOT_SATISFIABLE', 416],
  ['HTTP_417_EXPECTATION_FAILED', 417],
  ['HTTP_418_IM_A_TEAPOT', 418],
  ['HTTP_421_MISDIRECTED_REQUEST', 421],
  ['HTTP_422_UNPROCESSABLE_CONTENT', 422],
  ['HTTP_423_LOCKED', 423],
  ['HTTP_424_FAILED_DEPENDENCY', 424],
  ['HTTP_425_TOO_EARLY', 425],
  ['HTTP_426_UPGRADE_REQUIRED', 426],
  ['HTTP_428_PRECONDITION_REQUIRED', 428],
  ['HTTP_429_TOO_MANY_REQUESTS', 429],
  ['HTTP_431_REQUEST_HEADER_FIELDS_TOO_LARGE', 431],
  ['HTTP_451_UNAVAILABLE_FOR_LEGAL_REASONS', 451],
  ['HTTP_500_INTERNAL_SERVER_ERROR', 500],
  ['HTTP_501_NOT_IMPLEMENTED', 501],
  ['HTTP_502_BAD_GATEWAY', 502],
  ['HTTP_503_SERVICE_UNAVAILABLE', 503],
  ['HTTP_504_GATEWAY_TIMEOUT', 504],
  ['HTTP_505_HTTP_VERSION_NOT_SUPPORTED', 505],
  ['HTTP_506_VARIANT_ALSO_NEGOTIATES', 506],
  ['HTTP_507_INSUFFICIENT_STORAGE', 507],
  ['HTTP_508_LOOP_DETECTED', 508],
  ['HTTP_510_NOT_EXTENDED', 510],
  ['HTTP_511_NETWORK_AUTHENTICATION_REQUIRED', 511],
];

// Starlette's deprecated names (they warn on access there), each with its RFC 9110 successor.
const STARLETTE_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['HTTP_413_REQUEST_ENTITY_TOO_LARGE', 'HTTP_413_CONTENT_TOO_LARGE'],
  ['HTTP_414_REQUEST_URI_TOO_LONG', 'HTTP_414_URI_TOO_LONG'],
  ['HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE', 'HTTP_416_RANGE_NOT_SATISFIABLE'],
  ['HTTP_422_UNPROCESSABLE_ENTITY', 'HTTP_422_UNPROCESSABLE_CONTENT'],
];

// Python 3.13's http.HTTPStatus canonical members (CPython Lib/http/__init__.py), in source order.
const PYTHON: ReadonlyArray<readonly [string, number]> = [
  ['CONTINUE', 100],
  ['SWITCHING_PROTOCOLS', 101],
  ['PROCESSING', 102],
  ['EARLY_HINTS', 103],
  ['OK', 200],
  ['CREATED', 201],
  ['ACCEPTED', 202],
  ['NON_AUTHORITATIVE_INFORMATION', 203],
  ['NO_CONTENT', 204],
  ['RESET_CONTENT', 205],
  ['PARTIAL_CONTENT', 206],
  ['MULTI_STATUS', 207],
  ['ALREADY_REPORTED', 208],
  ['IM_USED', 226],
  ['MULTIPLE_CHOICES', 300],
  ['MOVED_PERMANENTLY', 301],
  ['FOUND', 302],
  ['SEE_OTHER', 303],
  ['NOT_MODIFIED', 304],
  ['USE_PROXY', 305],
  ['TEMPORARY_REDIRECT', 307],
  ['PERMANENT_REDIRECT', 308],
  ['BAD_REQUEST', 400],
  ['UNAUTHORIZED', 401],
  ['PAYMENT_REQUIRED', 402],
  ['FORBIDDEN', 403],
  ['NOT_FOUND', 404],
  ['METHOD_NOT_ALLOWED', 405],
  ['NOT_ACCEPTABLE', 406],
  ['PROXY_AUTHENTICATION_REQUIRED', 407],
  ['REQUEST_TIMEOUT', 408],
  ['CONFLICT', 409],
  ['GONE', 410],
  ['LENGTH_REQUIRED', 411],
  ['PRECONDITION_FAILED', 412],
  ['CONTENT_TOO_LARGE', 413],
  ['URI_TOO_LONG', 414],
  ['UNSUPPORTED_MEDIA_TYPE', 415],
  ['RANGE_NOT_SATISFIABLE', 416],
  ['EXPECTATION_FAILED', 417],
  ['IM_A_TEAPOT', 418],
  ['MISDIRECTED_REQUEST', 421],
  ['UNPROCESSABLE_CONTENT', 422],
  ['LOCKED', 423],
  ['FAILED_DEPENDENCY', 424],
  ['TOO_EARLY', 425],
  ['UPGRADE_REQUIRED', 426],
  ['PRECONDITION_REQUIRED', 428],
  ['TOO_MANY_REQUESTS', 429],
  ['REQUEST_HEADER_FIELDS_TOO_LARGE', 431],
  ['UNAVAILABLE_FOR_LEGAL_REASONS', 451],
  ['INTERNAL_SERVER_ERROR', 500],
  ['NOT_IMPLEMENTED', 501],
  ['BAD_GATEWAY', 502],
  ['SERVICE_UNAVAILABLE', 503],
  ['GATEWAY_TIMEOUT', 504],
  ['HTTP_VERSION_NOT_SUPPORTED', 505],
  ['VARIANT_ALSO_NEGOTIATES', 506],
  ['INSUFFICIENT_STORAGE', 507],
  ['LOOP_DETECTED', 508],
  ['NOT_EXTENDED', 510],
  ['NETWORK_AUTHENTICATION_REQUIRED', 511],
];

// Python 3.13's aliases (the names before RFC 9110), each with its RFC 9110 successor.
const PYTHON_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['REQUEST_ENTITY_TOO_LARGE', 'CONTENT_TOO_LARGE'],
  ['REQUEST_URI_TOO_LONG', 'URI_TOO_LONG'],
  ['REQUESTED_RANGE_NOT_SATISFIABLE', 'RANGE_NOT_SATISFIABLE'],
  ['UNPROCESSABLE_ENTITY', 'UNPROCESSABLE_CONTENT'],
];

const statusTable: Readonly<Record<string, number>> = status;
const enumTable = HttpStatus as unknown as Readonly<Record<string, number | string>>;

/** The enum's member names: its string keys (a numeric enum also maps each value back to a name). */
function enumNames(): string[] {
  return Object.keys(HttpStatus).filter((key) => !/^\d+$/.test(key));
}

describe('status (Starlette names)', () => {
  it.each(STARLETTE)('%s is %d', (name, code) => {
    expect(statusTable[name]).toBe(code);
  });

  it.each(STARLETTE_ALIASES)('deprecated %s equals %s', (alias, name) => {
    expect(statusTable[alias]).toBeDefined();
    expect(statusTable[alias]).toBe(statusTable[name]);
  });

  it('has exactly the Starlette names and the four aliases, nothing else', () => {
    const expected = [...STARLETTE.map(([name]) => name), ...STARLETTE_ALIASES.map(([alias]) => alias)];
    expect(Object.keys(status).sort()).toEqual(expected.sort());
  });

  it('covers 63 distinct codes', () => {
    expect(new Set(Object.values(status)).size).toBe(63);
    expect(STARLETTE).toHaveLength(63);
  });

  it('names each constant after its value', () => {
    for (const [name, code] of Object.entries(status)) {
      expect(name.startsWith(`HTTP_${code}_`)).toBe(true);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(status)).toBe(true);
    expect(() => {
      (status as unknown as Record<string, number>)['HTTP_200_OK'] = 999;
    }).toThrow(TypeError);
    expect(status.HTTP_200_OK).toBe(200);
  });

  it('gives literal types: a constant in 200–599 is a DeclarableStatusCode', () => {
    const created: DeclarableStatusCode = status.HTTP_201_CREATED;
    const teapot: StatusCodeValue = status.HTTP_418_IM_A_TEAPOT;
    expect([created, teapot]).toEqual([201, 418]);
  });
});

describe('HttpStatus (Python http.HTTPStatus names)', () => {
  it.each(PYTHON)('HttpStatus.%s is %d', (name, code) => {
    expect(enumTable[name]).toBe(code);
  });

  it.each(PYTHON_ALIASES)('deprecated HttpStatus.%s equals HttpStatus.%s', (alias, name) => {
    expect(enumTable[alias]).toBeDefined();
    expect(enumTable[alias]).toBe(enumTable[name]);
  });

  it('has exactly the Python 3.13 members and their aliases, nothing else', () => {
    const expected = [...PYTHON.map(([name]) => name), ...PYTHON_ALIASES.map(([alias]) => alias)];
    expect(enumNames().sort()).toEqual(expected.sort());
  });

  it('covers 62 distinct codes: Starlette\'s less 306, which Python leaves out', () => {
    const codes = new Set(enumNames().map((name) => enumTable[name]));
    expect(codes.size).toBe(62);
    const starlette = new Set<unknown>(Object.values(status));
    expect([...starlette].filter((code) => !codes.has(code as number))).toEqual([306]);
  });

  it('maps a value back to its RFC 9110 name, as Python does', () => {
    expect(HttpStatus[422]).toBe('UNPROCESSABLE_CONTENT');
    expect(HttpStatus[413]).toBe('CONTENT_TOO_LARGE');
    expect(HttpStatus[414]).toBe('URI_TOO_LONG');
    expect(HttpStatus[416]).toBe('RANGE_NOT_SATISFIABLE');
    expect(HttpStatus[201]).toBe('CREATED');
  });

  it('matches the documented examples', () => {
    expect(HttpStatus.CREATED).toBe(201);
    expect(HttpStatus.NO_CONTENT).toBe(204);
    expect(HttpStatus.IM_A_TEAPOT).toBe(418);
    expect(HttpStatus.CREATED).toBe(status.HTTP_201_CREATED);
  });
});

describe('isBodyAllowed', () => {
  it.each<[number | string, boolean]>([
    [100, false],
    [101, false],
    [102, false],
    [103, false],
    [199, false],
    [204, false],
    [205, false],
    [304, false],
    ['100', false],
    ['204', false],
    ['205', false],
    ['304', false],
    [200, true],
    [201, true],
    [206, true],
    [303, true],
    [404, true],
    [418, true],
    [500, true],
    ['200', true],
    ['2XX', true],
    ['4XX', true],
    ['1XX', true],
    ['5XX', true],
    ['default', true],
  ])('isBodyAllowed(%p) is %p', (code, expected) => {
    expect(isBodyAllowed(code)).toBe(expected);
  });

  it('agrees with the constants: no body for every 1xx and for 204, 205, 304', () => {
    const noBody = Object.values(status).filter((code) => !isBodyAllowed(code));
    expect([...new Set(noBody)].sort()).toEqual([100, 101, 102, 103, 204, 205, 304]);
  });
});
