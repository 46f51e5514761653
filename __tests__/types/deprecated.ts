// The deprecated aliases: this compiles, and editors strike each use through (TypeScript reports
// a "deprecated" suggestion for each; __tests__/types.test.ts checks that list).

import { HttpStatus, status } from 'express-status-routes';

export const starletteAliases: readonly number[] = [
  status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
  status.HTTP_414_REQUEST_URI_TOO_LONG,
  status.HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE,
  status.HTTP_422_UNPROCESSABLE_ENTITY,
];

export const pythonAliases: readonly number[] = [
  HttpStatus.REQUEST_ENTITY_TOO_LARGE,
  HttpStatus.REQUEST_URI_TOO_LONG,
  HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
  HttpStatus.UNPROCESSABLE_ENTITY,
];

// Their RFC 9110 successors are not deprecated.
export const current: readonly number[] = [
  status.HTTP_413_CONTENT_TOO_LARGE,
  status.HTTP_414_URI_TOO_LONG,
  status.HTTP_416_RANGE_NOT_SATISFIABLE,
  status.HTTP_422_UNPROCESSABLE_CONTENT,
  HttpStatus.CONTENT_TOO_LARGE,
  HttpStatus.URI_TOO_LONG,
  HttpStatus.RANGE_NOT_SATISFIABLE,
  HttpStatus.UNPROCESSABLE_CONTENT,
];
