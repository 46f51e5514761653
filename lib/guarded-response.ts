// What the guard reads and marks on a response: the symbols, the fields, whose rules apply.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { warnOnce as report } from './warnings';
import type { WarningSink } from './warnings';

/** A function of unknown arguments, as the patched Node and Express methods are stored. */
export type Fn = (...args: unknown[]) => unknown;

/** Set on a response by `noBodyGuard()`: apply the rules to this response. */
export const GUARDED = Symbol('express-status-routes.guarded');
/** Set on an Express Route object declared through `createApi`: its route and warning sink. */
export const DECLARED_ROUTE = Symbol('express-status-routes.declared');

/** What a declared Route carries: its method (lower-case) and full path, and where to warn. */
export interface DeclaredRouteSink extends WarningSink {
  readonly method: string;
  readonly path: string;
}

/** The Express request fields the guard reads (Express 4 and 5 both set them). */
export interface RoutedRequest extends IncomingMessage {
  route?: { path?: unknown; [DECLARED_ROUTE]?: DeclaredRouteSink };
  next?: (err?: unknown) => void;
  originalUrl?: string;
}

/**
 * The response fields the guard reads. `_hasBody` is Node's own flag (every Node since 0.x):
 * false makes Node drop body writes and skip framing headers. Node sets it for 1xx, 204, 304
 * and HEAD; the guard also sets it for 205.
 */
export interface GuardedResponse extends ServerResponse {
  req: RoutedRequest;
  _hasBody: boolean;
  /** Node's stored head, `null` until it is written (what `headersSent` reads). */
  _header: string | null;
  /** Node's flags set by removeHeader('content-length' / 'transfer-encoding'). */
  _removedContLen: boolean;
  _removedTE: boolean;
  [GUARDED]?: WarningSink;
}

/** Whether the rules apply: a declared route is handling it, or `noBodyGuard()` marked it. */
export function isGuarded(res: GuardedResponse): boolean {
  const route = res.req.route;
  return (route !== undefined && route[DECLARED_ROUTE] !== undefined) || res[GUARDED] !== undefined;
}

/** Whether a write's chunk carries at least one byte. */
export function hasBytes(chunk: unknown): boolean {
  return (typeof chunk === 'string' || chunk instanceof Uint8Array) && chunk.length > 0;
}

/** The byte length of a chunk, in its encoding for a string. */
export function byteLength(chunk: string | Uint8Array, encoding: unknown): number {
  return typeof chunk === 'string'
    ? Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
    : chunk.byteLength;
}

/**
 * The route a response belongs to: the declared method (lower-case) and full path, or the
 * request's method and the matched route's path (its URL when no route matched).
 */
export function routeOf(res: GuardedResponse): { method: string; path: string } {
  const req = res.req;
  const declared = req.route?.[DECLARED_ROUTE];
  if (declared !== undefined) return { method: declared.method, path: declared.path };
  const path = req.route?.path;
  return { method: (req.method ?? '').toLowerCase(), path: typeof path === 'string' ? path : (req.originalUrl ?? req.url ?? '') };
}

/** The route a response belongs to, for messages: `GET /items/:id`. */
export function routeLabel(res: GuardedResponse): string {
  const { method, path } = routeOf(res);
  return `${method.toUpperCase()} ${path}`;
}

/** Reports a silent correction through the route's (or the guard's) warning sink, once. */
export function warnOnce(res: GuardedResponse, code: string, message: string): void {
  const sink = res.req.route?.[DECLARED_ROUTE] ?? res[GUARDED];
  if (sink !== undefined) report(sink, routeLabel(res), code, message);
}

/** Marks one response so the rules apply to it although no declared route handles it. */
export function markGuarded(res: ServerResponse, sink: WarningSink): void {
  (res as GuardedResponse)[GUARDED] = sink;
}
