// Express 5 and Express 4 side by side, so every behaviour suite runs on both (`describe.each`).

import express from 'express';
import express4 from 'express4';

/**
 * The `express` module's type. Express 4 is typed as Express 5 here: the tests use only the API
 * the two share (`express()`, `express.Router()`, `express.json()`, `req`/`res` methods).
 */
export type ExpressModule = typeof express;

/** A `describe.each` row: a label and the module. */
export type ExpressVersion = readonly [label: string, express: ExpressModule];

/** `[['express 5', express], ['express 4', express4]]`, for `describe.each(EXPRESS_VERSIONS)('%s', ...)`. */
export const EXPRESS_VERSIONS: ReadonlyArray<ExpressVersion> = [
  ['express 5', express],
  ['express 4', express4 as unknown as ExpressModule],
];
