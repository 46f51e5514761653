// Type tests for the status constants and DeclarableStatusCode, through the built package.

import { HttpStatus, status } from 'express-status-routes';
import type { DeclarableStatusCode, StatusCodeValue } from 'express-status-routes';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;

// Accepted: any integer literal 200–599, and the HttpStatus members and status constants in range.
export const first: DeclarableStatusCode = 200;
export const created: DeclarableStatusCode = 201;
export const last: DeclarableStatusCode = 599;
export const enumCreated: DeclarableStatusCode = HttpStatus.CREATED;
export const enumNoContent: DeclarableStatusCode = HttpStatus.NO_CONTENT;
export const enumTeapot: DeclarableStatusCode = HttpStatus.IM_A_TEAPOT;
export const constantCreated: DeclarableStatusCode = status.HTTP_201_CREATED;
export const constantNoContent: DeclarableStatusCode = status.HTTP_204_NO_CONTENT;
export const constantReserved: DeclarableStatusCode = status.HTTP_306_RESERVED;
export const alias: DeclarableStatusCode = HttpStatus.UNPROCESSABLE_ENTITY;

// Rejected: 1xx (interim, never a route's status), codes outside 200–599, strings, plain numbers.
// @ts-expect-error 100 is interim
export const c100: DeclarableStatusCode = 100;
// @ts-expect-error 199 is interim
export const c199: DeclarableStatusCode = 199;
// @ts-expect-error 600 is out of range
export const c600: DeclarableStatusCode = 600;
// @ts-expect-error 1000 is out of range
export const c1000: DeclarableStatusCode = 1000;
// @ts-expect-error 0 is out of range
export const c0: DeclarableStatusCode = 0;
// @ts-expect-error not an integer
export const fraction: DeclarableStatusCode = 200.5;
// @ts-expect-error a numeric string is not a status
export const text: DeclarableStatusCode = '201';
// @ts-expect-error status.HTTP_100_CONTINUE is interim
export const constantContinue: DeclarableStatusCode = status.HTTP_100_CONTINUE;
// @ts-expect-error status.HTTP_103_EARLY_HINTS is interim
export const constantHints: DeclarableStatusCode = status.HTTP_103_EARLY_HINTS;
// @ts-expect-error HttpStatus.CONTINUE is interim
export const enumContinue: DeclarableStatusCode = HttpStatus.CONTINUE;
// @ts-expect-error HttpStatus.SWITCHING_PROTOCOLS is interim
export const enumSwitching: DeclarableStatusCode = HttpStatus.SWITCHING_PROTOCOLS;

declare const someNumber: number;
declare const someHttpStatus: HttpStatus;
// @ts-expect-error a plain number must be checked and narrowed first
export const fromNumber: DeclarableStatusCode = someNumber;
// @ts-expect-error the whole enum includes the 1xx members
export const fromEnum: DeclarableStatusCode = someHttpStatus;

// The constants keep their literal types; the only values of `status` a route cannot declare are 1xx.
export type Checks = [
  Expect<Equal<typeof status.HTTP_201_CREATED, 201>>,
  Expect<Equal<typeof status.HTTP_422_UNPROCESSABLE_ENTITY, typeof status.HTTP_422_UNPROCESSABLE_CONTENT>>,
  Expect<Equal<Exclude<StatusCodeValue, DeclarableStatusCode>, 100 | 101 | 102 | 103>>,
  Expect<Equal<`${HttpStatus}` extends `${StatusCodeValue}` ? true : false, true>>,
  Expect<Equal<HttpStatus.REQUEST_ENTITY_TOO_LARGE, HttpStatus.CONTENT_TOO_LARGE>>,
];

// HttpStatus is a real enum (not `const enum`): it can be passed around as a value.
export const statusEnum: typeof HttpStatus = HttpStatus;
export const reverse: string = HttpStatus[HttpStatus.CREATED];

export function cannotWrite(): void {
  // @ts-expect-error the constants are read-only
  status.HTTP_200_OK = 201;
}
