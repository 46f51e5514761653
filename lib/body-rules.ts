// Which statuses and methods may carry content, and which headers must go when they may not.

/**
 * Whether a response with this status may carry content (RFC 9110 §6.4.1: 1xx, 204 and 304
 * never do; §15.3.6: a 205 must not either).
 *
 * @param code - a status as a number or a numeric string, or an OpenAPI response key
 *   (`'default'`, `'1XX'` … `'5XX'`).
 * @returns `false` for 1xx, 204, 205 and 304; `true` for every other code and for the
 *   OpenAPI range keys and `'default'`.
 * @example
 * isBodyAllowed(204); // false
 * isBodyAllowed('201'); // true
 * isBodyAllowed('2XX'); // true
 */
export function isBodyAllowed(code: number | string): boolean {
  const n = typeof code === 'number' ? code : /^\d{3}$/.test(code) ? Number(code) : NaN;
  if (Number.isNaN(n)) return true;
  return !((n >= 100 && n <= 199) || n === 204 || n === 205 || n === 304);
}

/** Whether `code` may be sent as a final response: an integer from 200 to 599. */
export function isFinalStatus(code: unknown): code is number {
  return typeof code === 'number' && Number.isInteger(code) && code >= 200 && code <= 599;
}
