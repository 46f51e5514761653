// Warnings about what the body rules silently corrected, once per route, to a handler the
// user chooses (Node's process warnings by default), or nowhere.

import { InvalidOptionError, quote } from './errors';

/** What the guard corrected without failing the request. */
export class StatusRoutesWarning extends Error {
  /** `ESR_BODY_DISCARDED` (body bytes on a 204/205/304) or `ESR_WRITE_AFTER_END`. */
  readonly code: string;
  /** The route, e.g. `GET /items/:id`. */
  readonly route: string;

  constructor(code: string, route: string, message: string) {
    super(`${route}: ${message}`);
    this.name = 'ExpressStatusRoutesWarning';
    this.code = code;
    this.route = route;
  }
}

/** Receives each warning, once per route and code. */
export type WarningHandler = (warning: StatusRoutesWarning) => void;

/** Where a guarded response reports to: the handler, and what it was already told. */
export interface WarningSink {
  /** `undefined`: warnings are off. */
  readonly onWarning: WarningHandler | undefined;
  /** Keys already reported (`code route`), so each is reported once. */
  readonly warned: Set<string>;
}

/** The default handler: `process.emitWarning`, silenced by `--no-warnings`. */
export function processWarning(warning: StatusRoutesWarning): void {
  // The string form: Node's Error check fails for errors made in another realm (vm, jest).
  process.emitWarning(warning.message, { type: warning.name, code: warning.code });
}

/**
 * Checks an `onWarning` option: a function, `false` (off), or `undefined` (Node's process
 * warnings).
 * @throws InvalidOptionError for anything else.
 */
export function checkOnWarning(value: unknown, where: string): WarningHandler | undefined {
  if (value === undefined) return processWarning;
  if (value === false) return undefined;
  if (typeof value === 'function') return value as WarningHandler;
  throw new InvalidOptionError(`Invalid ${where} option onWarning ${quote(value)}: expected a function or false`);
}

/** Reports `code` for `route` through `sink`, unless already reported or warnings are off. */
export function warnOnce(sink: WarningSink, route: string, code: string, message: string): void {
  if (sink.onWarning === undefined) return;
  const key = `${code} ${route}`;
  // A sink shared by unbounded paths (noBodyGuard on a 404 handler) stays bounded.
  if (sink.warned.has(key) || sink.warned.size >= 1000) return;
  sink.warned.add(key);
  try {
    sink.onWarning(new StatusRoutesWarning(code, route, message));
  } catch {
    // A warning handler runs inside res.write/res.end: its failure must not break the response.
  }
}
