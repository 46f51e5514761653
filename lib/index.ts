// express-status-routes: named re-exports only.

export { createApi } from './api';
export type { Api, RouteMethod, RouteHandlers, PlainHandlers, RouterOptions } from './api';
export type { ApiOptions, ServerObject } from './api-options';
export type { RouteOptions, ResponseSpec, JsonSchema } from './route-options';
export type { Handler, ErrorHandler } from './route';
export { Registry } from './registry';
export type { RouteRecord, HttpMethod } from './registry';
export { noBodyGuard } from './no-body-guard';
export type { NoBodyGuardOptions } from './no-body-guard';
export { StatusRoutesWarning } from './warnings';
export type { WarningHandler } from './warnings';
export { isBodyAllowed } from './body-rules';
export * from './status';
export {
  StatusRoutesError,
  InvalidStatusCodeError,
  BodyNotAllowedError,
  DuplicateRouteError,
  DuplicateOperationIdError,
  UnsupportedPathError,
  InvalidOptionError,
  InvalidHandlerError,
  InvalidResponseStatusError,
} from './errors';
export type { RouteContext } from './errors';
export type { OpenApiDocument } from './openapi';
export type { DocsOptions } from './docs';
