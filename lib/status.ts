// HTTP status constants (Starlette's names, Python's HTTPStatus names) and the status-code types.
// No Express import: this module is data and types only.

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type ToNumber<S> = S extends `${infer N extends number}` ? N : never;

/**
 * Every integer from 200 to 599: the statuses a route may declare. A literal 1xx (interim) or a
 * code outside the range does not compile. Members of {@link HttpStatus} and constants of
 * {@link status} in that range are accepted too (an enum member is assignable to the number literal
 * of the same value); a plain `number` is not, so check it at runtime and narrow it first.
 */
export type DeclarableStatusCode = ToNumber<`${2 | 3 | 4 | 5}${Digit}${Digit}`>;

/**
 * HTTP status codes under the names of Starlette's (and so FastAPI's) `status` module: all 63 HTTP
 * codes it defines, with the RFC 9110 names, plus the four older names as deprecated aliases.
 * Frozen: the values cannot be changed at runtime.
 *
 * @example
 * import { createApi, status } from 'express-status-routes';
 *
 * createApi(app).post('/items', { statusCode: status.HTTP_201_CREATED }, createItem);
 */
export const status = Object.freeze({
  /** 100 Continue (RFC 9110 §15.2.1). Interim: not a route's status */ HTTP_100_CONTINUE: 100,
  /** 101 Switching Protocols (RFC 9110 §15.2.2). Interim: not a route's status */ HTTP_101_SWITCHING_PROTOCOLS: 101,
  /** 102 Processing (RFC 2518 §10.1). Interim: not a route's status */ HTTP_102_PROCESSING: 102,
  /** 103 Early Hints (RFC 8297 §2). Interim: not a route's status */ HTTP_103_EARLY_HINTS: 103,
  /** 200 OK (RFC 9110 §15.3.1) */ HTTP_200_OK: 200,
  /** 201 Created (RFC 9110 §15.3.2) */ HTTP_201_CREATED: 201,
  /** 202 Accepted (RFC 9110 §15.3.3) */ HTTP_202_ACCEPTED: 202,
  /** 203 Non-Authoritative Information (RFC 9110 §15.3.4) */ HTTP_203_NON_AUTHORITATIVE_INFORMATION: 203,
  /** 204 No Content (RFC 9110 §15.3.5) */ HTTP_204_NO_CONTENT: 204,
  /** 205 Reset Content (RFC 9110 §15.3.6) */ HTTP_205_RESET_CONTENT: 205,
  /** 206 Partial Content (RFC 9110 §15.3.7) */ HTTP_206_PARTIAL_CONTENT: 206,
  /** 207 Multi-Status (RFC 4918 §11.1) */ HTTP_207_MULTI_STATUS: 207,
  /** 208 Already Reported (RFC 5842 §7.1) */ HTTP_208_ALREADY_REPORTED: 208,
  /** 226 IM Used (RFC 3229 §10.4.1) */ HTTP_226_IM_USED: 226,
  /** 300 Multiple Choices (RFC 9110 §15.4.1) */ HTTP_300_MULTIPLE_CHOICES: 300,
  /** 301 Moved Permanently (RFC 9110 §15.4.2) */ HTTP_301_MOVED_PERMANENTLY: 301,
  /** 302 Found (RFC 9110 §15.4.3) */ HTTP_302_FOUND: 302,
  /** 303 See Other (RFC 9110 §15.4.4) */ HTTP_303_SEE_OTHER: 303,
  /** 304 Not Modified (RFC 9110 §15.4.5) */ HTTP_304_NOT_MODIFIED: 304,
  /** 305 Use Proxy (RFC 9110 §15.4.6, which deprecates it) */ HTTP_305_USE_PROXY: 305,
  /** 306 (Unused): reserved, no longer used (RFC 9110 §15.4.7) */ HTTP_306_RESERVED: 306,
  /** 307 Temporary Redirect (RFC 9110 §15.4.8) */ HTTP_307_TEMPORARY_REDIRECT: 307,
  /** 308 Permanent Redirect (RFC 9110 §15.4.9) */ HTTP_308_PERMANENT_REDIRECT: 308,
  /** 400 Bad Request (RFC 9110 §15.5.1) */ HTTP_400_BAD_REQUEST: 400,
  /** 401 Unauthorized (RFC 9110 §15.5.2) */ HTTP_401_UNAUTHORIZED: 401,
  /** 402 Payment Required (RFC 9110 §15.5.3) */ HTTP_402_PAYMENT_REQUIRED: 402,
  /** 403 Forbidden (RFC 9110 §15.5.4) */ HTTP_403_FORBIDDEN: 403,
  /** 404 Not Found (RFC 9110 §15.5.5) */ HTTP_404_NOT_FOUND: 404,
  /** 405 Method Not Allowed (RFC 9110 §15.5.6) */ HTTP_405_METHOD_NOT_ALLOWED: 405,
  /** 406 Not Acceptable (RFC 9110 §15.5.7) */ HTTP_406_NOT_ACCEPTABLE: 406,
  /** 407 Proxy Authentication Required (RFC 9110 §15.5.8) */ HTTP_407_PROXY_AUTHENTICATION_REQUIRED: 407,
  /** 408 Request Timeout (RFC 9110 §15.5.9) */ HTTP_408_REQUEST_TIMEOUT: 408,
  /** 409 Conflict (RFC 9110 §15.5.10) */ HTTP_409_CONFLICT: 409,
  /** 410 Gone (RFC 9110 §15.5.11) */ HTTP_410_GONE: 410,
  /** 411 Length Required (RFC 9110 §15.5.12) */ HTTP_411_LENGTH_REQUIRED: 411,
  /** 412 Precondition Failed (RFC 9110 §15.5.13) */ HTTP_412_PRECONDITION_FAILED: 412,
  /** 413 Content Too Large (RFC 9110 §15.5.14) */ HTTP_413_CONTENT_TOO_LARGE: 413,
  /**
   * 413 Request Entity Too Large (RFC 2616 name).
   * @deprecated Use HTTP_413_CONTENT_TOO_LARGE (RFC 9110 name).
   */
  HTTP_413_REQUEST_ENTITY_TOO_LARGE: 413,
  /** 414 URI Too Long (RFC 9110 §15.5.15) */ HTTP_414_URI_TOO_LONG: 414,
  /**
   * 414 Request-URI Too Long (RFC 2616 name).
   * @deprecated Use HTTP_414_URI_TOO_LONG (RFC 9110 name).
   */
  HTTP_414_REQUEST_URI_TOO_LONG: 414,
  /** 415 Unsupported Media Type (RFC 9110 §15.5.16) */ HTTP_415_UNSUPPORTED_MEDIA_TYPE: 415,
  /** 416 Range Not Satisfiable (RFC 9110 §15.5.17) */ HTTP_416_RANGE_NOT_SATISFIABLE: 416,
  /**
   * 416 Requested Range Not Satisfiable (RFC 2616 name).
   * @deprecated Use HTTP_416_RANGE_NOT_SATISFIABLE (RFC 9110 name).
   */
  HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE: 416,
  /** 417 Expectation Failed (RFC 9110 §15.5.18) */ HTTP_417_EXPECTATION_FAILED: 417,
  /** 418 I'm a Teapot (RFC 2324 §2.3.2; RFC 9110 §15.5.19 reserves it) */ HTTP_418_IM_A_TEAPOT: 418,
  /** 421 Misdirected Request (RFC 9110 §15.5.20) */ HTTP_421_MISDIRECTED_REQUEST: 421,
  /** 422 Unprocessable Content (RFC 9110 §15.5.21) */ HTTP_422_UNPROCESSABLE_CONTENT: 422,
  /**
   * 422 Unprocessable Entity (RFC 4918 name).
   * @deprecated Use HTTP_422_UNPROCESSABLE_CONTENT (RFC 9110 name).
   */
  HTTP_422_UNPROCESSABLE_ENTITY: 422,
  /** 423 Locked (RFC 4918 §11.3) */ HTTP_423_LOCKED: 423,
  /** 424 Failed Dependency (RFC 4918 §11.4) */ HTTP_424_FAILED_DEPENDENCY: 424,
  /** 425 Too Early (RFC 8470 §5.2) */ HTTP_425_TOO_EARLY: 425,
  /** 426 Upgrade Required (RFC 9110 §15.5.22) */ HTTP_426_UPGRADE_REQUIRED: 426,
  /** 428 Precondition Required (RFC 6585 §3) */ HTTP_428_PRECONDITION_REQUIRED: 428,
  /** 429 Too Many Requests (RFC 6585 §4) */ HTTP_429_TOO_MANY_REQUESTS: 429,
  /** 431 Request Header Fields Too Large (RFC 6585 §5) */ HTTP_431_REQUEST_HEADER_FIELDS_TOO_LARGE: 431,
  /** 451 Unavailable For Legal Reasons (RFC 7725 §3) */ HTTP_451_UNAVAILABLE_FOR_LEGAL_REASONS: 451,
  /** 500 Internal Server Error (RFC 9110 §15.6.1) */ HTTP_500_INTERNAL_SERVER_ERROR: 500,
  /** 501 Not Implemented (RFC 9110 §15.6.2) */ HTTP_501_NOT_IMPLEMENTED: 501,
  /** 502 Bad Gateway (RFC 9110 §15.6.3) */ HTTP_502_BAD_GATEWAY: 502,
  /** 503 Service Unavailable (RFC 9110 §15.6.4) */ HTTP_503_SERVICE_UNAVAILABLE: 503,
  /** 504 Gateway Timeout (RFC 9110 §15.6.5) */ HTTP_504_GATEWAY_TIMEOUT: 504,
  /** 505 HTTP Version Not Supported (RFC 9110 §15.6.6) */ HTTP_505_HTTP_VERSION_NOT_SUPPORTED: 505,
  /** 506 Variant Also Negotiates (RFC 2295 §8.1) */ HTTP_506_VARIANT_ALSO_NEGOTIATES: 506,
  /** 507 Insufficient Storage (RFC 4918 §11.5) */ HTTP_507_INSUFFICIENT_STORAGE: 507,
  /** 508 Loop Detected (RFC 5842 §7.2) */ HTTP_508_LOOP_DETECTED: 508,
  /** 510 Not Extended (RFC 2774 §7; historic) */ HTTP_510_NOT_EXTENDED: 510,
  /** 511 Network Authentication Required (RFC 6585 §6) */ HTTP_511_NETWORK_AUTHENTICATION_REQUIRED: 511,
} as const);

/** Any value of {@link status}: the 63 HTTP status codes Starlette names. */
export type StatusCodeValue = (typeof status)[keyof typeof status];

/**
 * HTTP status codes under the member names of Python's `http.HTTPStatus` (Python 3.13: RFC 9110
 * names, with the four older names kept as deprecated aliases). A numeric enum, so it exists at
 * runtime for CommonJS and ESM users alike; `HttpStatus[422]` gives the RFC 9110 name.
 *
 * @example
 * import { createApi, HttpStatus } from 'express-status-routes';
 *
 * createApi(app).delete('/items/:id', { statusCode: HttpStatus.NO_CONTENT }, deleteItem);
 */
export enum HttpStatus {
  // Each deprecated alias comes just before its RFC 9110 name: the reverse mapping keeps the last
  // name assigned to a value, so HttpStatus[422] is 'UNPROCESSABLE_CONTENT', as in Python.
  /** 100 Continue (RFC 9110 §15.2.1). Interim: not a route's status */ CONTINUE = 100,
  /** 101 Switching Protocols (RFC 9110 §15.2.2). Interim: not a route's status */ SWITCHING_PROTOCOLS = 101,
  /** 102 Processing (RFC 2518 §10.1). Interim: not a route's status */ PROCESSING = 102,
  /** 103 Early Hints (RFC 8297 §2). Interim: not a route's status */ EARLY_HINTS = 103,
  /** 200 OK (RFC 9110 §15.3.1) */ OK = 200,
  /** 201 Created (RFC 9110 §15.3.2) */ CREATED = 201,
  /** 202 Accepted (RFC 9110 §15.3.3) */ ACCEPTED = 202,
  /** 203 Non-Authoritative Information (RFC 9110 §15.3.4) */ NON_AUTHORITATIVE_INFORMATION = 203,
  /** 204 No Content (RFC 9110 §15.3.5) */ NO_CONTENT = 204,
  /** 205 Reset Content (RFC 9110 §15.3.6) */ RESET_CONTENT = 205,
  /** 206 Partial Content (RFC 9110 §15.3.7) */ PARTIAL_CONTENT = 206,
  /** 207 Multi-Status (RFC 4918 §11.1) */ MULTI_STATUS = 207,
  /** 208 Already Reported (RFC 5842 §7.1) */ ALREADY_REPORTED = 208,
  /** 226 IM Used (RFC 3229 §10.4.1) */ IM_USED = 226,
  /** 300 Multiple Choices (RFC 9110 §15.4.1) */ MULTIPLE_CHOICES = 300,
  /** 301 Moved Permanently (RFC 9110 §15.4.2) */ MOVED_PERMANENTLY = 301,
  /** 302 Found (RFC 9110 §15.4.3) */ FOUND = 302,
  /** 303 See Other (RFC 9110 §15.4.4) */ SEE_OTHER = 303,
  /** 304 Not Modified (RFC 9110 §15.4.5) */ NOT_MODIFIED = 304,
  /** 305 Use Proxy (RFC 9110 §15.4.6, which deprecates it) */ USE_PROXY = 305,
  /** 307 Temporary Redirect (RFC 9110 §15.4.8) */ TEMPORARY_REDIRECT = 307,
  /** 308 Permanent Redirect (RFC 9110 §15.4.9) */ PERMANENT_REDIRECT = 308,
  /** 400 Bad Request (RFC 9110 §15.5.1) */ BAD_REQUEST = 400,
  /** 401 Unauthorized (RFC 9110 §15.5.2) */ UNAUTHORIZED = 401,
  /** 402 Payment Required (RFC 9110 §15.5.3) */ PAYMENT_REQUIRED = 402,
  /** 403 Forbidden (RFC 9110 §15.5.4) */ FORBIDDEN = 403,
  /** 404 Not Found (RFC 9110 §15.5.5) */ NOT_FOUND = 404,
  /** 405 Method Not Allowed (RFC 9110 §15.5.6) */ METHOD_NOT_ALLOWED = 405,
  /** 406 Not Acceptable (RFC 9110 §15.5.7) */ NOT_ACCEPTABLE = 406,
  /** 407 Proxy Authentication Required (RFC 9110 §15.5.8) */ PROXY_AUTHENTICATION_REQUIRED = 407,
  /** 408 Request Timeout (RFC 9110 §15.5.9) */ REQUEST_TIMEOUT = 408,
  /** 409 Conflict (RFC 9110 §15.5.10) */ CONFLICT = 409,
  /** 410 Gone (RFC 9110 §15.5.11) */ GONE = 410,
  /** 411 Length Required (RFC 9110 §15.5.12) */ LENGTH_REQUIRED = 411,
  /** 412 Precondition Failed (RFC 9110 §15.5.13) */ PRECONDITION_FAILED = 412,
  /**
   * 413 Request Entity Too Large (RFC 2616 name).
   * @deprecated Use CONTENT_TOO_LARGE (RFC 9110 name).
   */
  REQUEST_ENTITY_TOO_LARGE = 413,
  /** 413 Content Too Large (RFC 9110 §15.5.14) */ CONTENT_TOO_LARGE = 413,
  /**
   * 414 Request-URI Too Long (RFC 2616 name).
   * @deprecated Use URI_TOO_LONG (RFC 9110 name).
   */
  REQUEST_URI_TOO_LONG = 414,
  /** 414 URI Too Long (RFC 9110 §15.5.15) */ URI_TOO_LONG = 414,
  /** 415 Unsupported Media Type (RFC 9110 §15.5.16) */ UNSUPPORTED_MEDIA_TYPE = 415,
  /**
   * 416 Requested Range Not Satisfiable (RFC 2616 name).
   * @deprecated Use RANGE_NOT_SATISFIABLE (RFC 9110 name).
   */
  REQUESTED_RANGE_NOT_SATISFIABLE = 416,
  /** 416 Range Not Satisfiable (RFC 9110 §15.5.17) */ RANGE_NOT_SATISFIABLE = 416,
  /** 417 Expectation Failed (RFC 9110 §15.5.18) */ EXPECTATION_FAILED = 417,
  /** 418 I'm a Teapot (RFC 2324 §2.3.2; RFC 9110 §15.5.19 reserves it) */ IM_A_TEAPOT = 418,
  /** 421 Misdirected Request (RFC 9110 §15.5.20) */ MISDIRECTED_REQUEST = 421,
  /**
   * 422 Unprocessable Entity (RFC 4918 name).
   * @deprecated Use UNPROCESSABLE_CONTENT (RFC 9110 name).
   */
  UNPROCESSABLE_ENTITY = 422,
  /** 422 Unprocessable Content (RFC 9110 §15.5.21) */ UNPROCESSABLE_CONTENT = 422,
  /** 423 Locked (RFC 4918 §11.3) */ LOCKED = 423,
  /** 424 Failed Dependency (RFC 4918 §11.4) */ FAILED_DEPENDENCY = 424,
  /** 425 Too Early (RFC 8470 §5.2) */ TOO_EARLY = 425,
  /** 426 Upgrade Required (RFC 9110 §15.5.22) */ UPGRADE_REQUIRED = 426,
  /** 428 Precondition Required (RFC 6585 §3) */ PRECONDITION_REQUIRED = 428,
  /** 429 Too Many Requests (RFC 6585 §4) */ TOO_MANY_REQUESTS = 429,
  /** 431 Request Header Fields Too Large (RFC 6585 §5) */ REQUEST_HEADER_FIELDS_TOO_LARGE = 431,
  /** 451 Unavailable For Legal Reasons (RFC 7725 §3) */ UNAVAILABLE_FOR_LEGAL_REASONS = 451,
  /** 500 Internal Server Error (RFC 9110 §15.6.1) */ INTERNAL_SERVER_ERROR = 500,
  /** 501 Not Implemented (RFC 9110 §15.6.2) */ NOT_IMPLEMENTED = 501,
  /** 502 Bad Gateway (RFC 9110 §15.6.3) */ BAD_GATEWAY = 502,
  /** 503 Service Unavailable (RFC 9110 §15.6.4) */ SERVICE_UNAVAILABLE = 503,
  /** 504 Gateway Timeout (RFC 9110 §15.6.5) */ GATEWAY_TIMEOUT = 504,
  /** 505 HTTP Version Not Supported (RFC 9110 §15.6.6) */ HTTP_VERSION_NOT_SUPPORTED = 505,
  /** 506 Variant Also Negotiates (RFC 2295 §8.1) */ VARIANT_ALSO_NEGOTIATES = 506,
  /** 507 Insufficient Storage (RFC 4918 §11.5) */ INSUFFICIENT_STORAGE = 507,
  /** 508 Loop Detected (RFC 5842 §7.2) */ LOOP_DETECTED = 508,
  /** 510 Not Extended (RFC 2774 §7; historic) */ NOT_EXTENDED = 510,
  /** 511 Network Authentication Required (RFC 6585 §6) */ NETWORK_AUTHENTICATION_REQUIRED = 511,
}
