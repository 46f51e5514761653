// Errors thrown by express-status-routes: one base class, a stable `code` per mistake.

/** Where a declaration error happened: the HTTP method and the full Express path. */
export interface RouteContext {
  /** Lower-case HTTP method, e.g. `'post'`. */
  readonly method?: string;
  /** The full Express path, router prefixes included. */
  readonly path?: string;
}

/**
 * Base class of every error this library throws. Match on `code` (stable across versions),
 * not on the message.
 */
export class StatusRoutesError extends Error {
  /** Stable machine-readable code, e.g. `'ERR_INVALID_STATUS_CODE'`. */
  readonly code: string;
  /** The method of the offending declaration, when there is one. */
  readonly method: string | undefined;
  /** The full path of the offending declaration, when there is one. */
  readonly path: string | undefined;

  constructor(code: string, message: string, context: RouteContext = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.method = context.method;
    this.path = context.path;
  }
}

/** Quotes a user-supplied value for an error message: strings in quotes, the rest as JSON. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'symbol') return value.toString();
  if (value instanceof RegExp) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * `': did you mean statusCode?'` when `key` is one of `known` but for letter case (the commonest
 * slip in an options object), else `''`: the tail of an unknown-option message.
 */
export function didYouMean(key: string, known: Iterable<string>): string {
  for (const name of known) {
    if (name.toLowerCase() === key.toLowerCase()) return `: did you mean ${name}?`;
  }
  return '';
}

/** `"POST /items"`: the route a declaration error is about. */
export function describeRoute(context: RouteContext): string {
  const method = context.method === undefined ? '' : `${context.method.toUpperCase()} `;
  return `${method}${context.path ?? ''}`.trim();
}

/** A declared `statusCode` that is not an integer in 200–599. Code `ERR_INVALID_STATUS_CODE`. */
export class InvalidStatusCodeError extends StatusRoutesError {
  constructor(value: unknown, context: RouteContext) {
    super(
      'ERR_INVALID_STATUS_CODE',
      `Invalid statusCode ${quote(value)} for ${describeRoute(context)}: ` +
        'a route declares a final status, an integer from 200 to 599' +
        (typeof value === 'number' && value >= 100 && value <= 199
          ? ' (1xx codes are interim responses and are never a route\'s status)'
          : ''),
      context,
    );
  }
}

/**
 * `responseSchema` given for a status that must not carry content (204, 205, 304).
 * Code `ERR_BODY_NOT_ALLOWED`.
 */
export class BodyNotAllowedError extends StatusRoutesError {
  constructor(statusCode: number, context: RouteContext) {
    super(
      'ERR_BODY_NOT_ALLOWED',
      `Invalid responseSchema for ${describeRoute(context)}: status ${statusCode} must not have a ` +
        'body (RFC 9110), so it cannot have a response schema',
      context,
    );
  }
}

/** The same method and path declared twice in one registry. Code `ERR_DUPLICATE_ROUTE`. */
export class DuplicateRouteError extends StatusRoutesError {
  constructor(context: RouteContext, existingPath: string) {
    super(
      'ERR_DUPLICATE_ROUTE',
      `Duplicate route ${describeRoute(context)}: ${quote(existingPath)} is already declared for ` +
        `${(context.method ?? '').toUpperCase()} in this registry`,
      context,
    );
  }
}

/** The same explicit `operationId` used twice. Code `ERR_DUPLICATE_OPERATION_ID`. */
export class DuplicateOperationIdError extends StatusRoutesError {
  constructor(operationId: string, context: RouteContext, existing: RouteContext) {
    super(
      'ERR_DUPLICATE_OPERATION_ID',
      `Duplicate operationId ${quote(operationId)} for ${describeRoute(context)}: already used by ` +
        describeRoute(existing),
      context,
    );
  }
}

/**
 * A path the OpenAPI document cannot represent (a RegExp, an unnamed wildcard, an optional
 * segment) on a route that is in the schema. Code `ERR_UNSUPPORTED_PATH`.
 */
export class UnsupportedPathError extends StatusRoutesError {
  constructor(value: unknown, reason: string, context: RouteContext) {
    super(
      'ERR_UNSUPPORTED_PATH',
      `Unsupported path ${quote(value)}` +
        (context.method === undefined ? '' : ` for ${context.method.toUpperCase()}`) +
        `: ${reason}; give a plain Express path, or set includeInSchema: false`,
      context,
    );
  }
}

/** An option that is unknown or of the wrong type. Code `ERR_INVALID_OPTION`. */
export class InvalidOptionError extends StatusRoutesError {
  constructor(message: string, context: RouteContext = {}) {
    super('ERR_INVALID_OPTION', message, context);
  }
}

/** A route handler that is not a function. Code `ERR_INVALID_HANDLER`. */
export class InvalidHandlerError extends StatusRoutesError {
  constructor(value: unknown, context: RouteContext) {
    super(
      'ERR_INVALID_HANDLER',
      `Invalid handler ${quote(value)} for ${describeRoute(context)}: handlers must be functions`,
      context,
    );
  }
}

/**
 * Raised at request time when a handler tries to send a 1xx or a code outside 100–599 as the
 * final response. The client gets a 500; the error goes to `next(err)`.
 * Code `ERR_INVALID_RESPONSE_STATUS`.
 */
export class InvalidResponseStatusError extends StatusRoutesError {
  /** Always 500: what the client is answered with. */
  readonly status = 500;
  /** Always 500, for error handlers that read `statusCode`. */
  readonly statusCode = 500;
  /** Never expose this message to the client (http-errors convention). */
  readonly expose = false;
  /** The status the handler tried to send. */
  readonly attemptedStatus: unknown;

  constructor(attempted: unknown, context: RouteContext) {
    super(
      'ERR_INVALID_RESPONSE_STATUS',
      `Invalid response status ${quote(attempted)} for ${describeRoute(context)}: a final ` +
        'response needs a status from 200 to 599 (a 1xx is interim and would desynchronise ' +
        'the connection, RFC 9110 §15.2); answered 500 instead',
      context,
    );
    this.attemptedStatus = attempted;
  }
}
