// The body rules at request time: installed once on a response prototype, decided when the
// head is written. Nothing is allocated or attached per request on the common path.

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { isFinalStatus } from './body-rules';
import { InvalidResponseStatusError } from './errors';
import { warnOnce as report } from './warnings';
import type { WarningSink } from './warnings';

/** Set on a patched prototype; responses inheriting from it have the guard. */
const PATCHED = Symbol('express-status-routes.patched');
/** Set on a response by `noBodyGuard()`: apply the rules to this response. */
const GUARDED = Symbol('express-status-routes.guarded');
/** Set on an Express Route object declared through `createApi`: its label and warning sink. */
export const DECLARED_ROUTE = Symbol('express-status-routes.declared');

type Fn = (...args: unknown[]) => unknown;
type Args = unknown[];

/** The Express request fields the guard reads (Express 4 and 5 both set them). */
interface RoutedRequest extends IncomingMessage {
  route?: { path?: unknown; [DECLARED_ROUTE]?: WarningSink };
  next?: (err?: unknown) => void;
  originalUrl?: string;
}

/**
 * The response fields the guard reads. `_hasBody` is Node's own flag (every Node since 0.x):
 * false makes Node drop body writes and skip framing headers. Node sets it for 1xx, 204, 304
 * and HEAD; the guard also sets it for 205.
 */
interface GuardedResponse extends ServerResponse {
  req: RoutedRequest;
  _hasBody: boolean;
  /** Node's stored head, `null` until it is written (what `headersSent` reads). */
  _header: string | null;
  /** Node's flags set by removeHeader('content-length' / 'transfer-encoding'). */
  _removedContLen: boolean;
  _removedTE: boolean;
  [GUARDED]?: WarningSink;
}

/** A response prototype the guard can patch (Express's per-app `app.response`). */
interface ResponseProto {
  writeHead: Fn;
  setHeader: Fn;
  removeHeader: Fn;
  appendHeader: Fn;
  write: Fn;
  end: Fn;
  send?: Fn;
  json?: Fn;
  sendFile?: Fn;
  [PATCHED]?: true;
}

/** Whether the rules apply: a declared route is handling it, or `noBodyGuard()` marked it. */
function isGuarded(res: GuardedResponse): boolean {
  const route = res.req.route;
  return (route !== undefined && route[DECLARED_ROUTE] !== undefined) || res[GUARDED] !== undefined;
}

function hasBytes(chunk: unknown): boolean {
  return (typeof chunk === 'string' || chunk instanceof Uint8Array) && chunk.length > 0;
}

function byteLength(chunk: string | Uint8Array, encoding: unknown): number {
  return typeof chunk === 'string'
    ? Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
    : chunk.byteLength;
}

/** The route a response belongs to, for messages: `GET /items/:id`. */
function routeLabel(res: GuardedResponse): string {
  const req = res.req;
  const declared = req.route?.[DECLARED_ROUTE]?.label;
  if (declared !== undefined) return declared;
  const path = req.route?.path;
  return `${req.method ?? ''} ${typeof path === 'string' ? path : (req.originalUrl ?? req.url ?? '')}`;
}

const DISCARDED = 'body bytes written to a response whose status allows no content (204, 205, 304) were dropped (RFC 9110 §6.4.1)';

/** Reports a silent correction through the route's (or the guard's) warning sink, once. */
function warnOnce(res: GuardedResponse, code: string, message: string): void {
  const sink = res.req.route?.[DECLARED_ROUTE] ?? res[GUARDED];
  if (sink !== undefined) report(sink, routeLabel(res), code, message);
}

/** Responses already answered with a 500 for a bad status: a second bad status ends plainly. */
const rejected = new WeakSet<ServerResponse>();

/**
 * A handler tried to send a 1xx (or a code outside 100–599) as the final response. Nothing of
 * it is written: a 1xx head would be taken as interim and desynchronise the connection
 * (RFC 9110 §15.2). The response becomes a 500 and the error goes to the app's error handler.
 */
function rejectStatus(res: GuardedResponse, attempted: unknown, end: Fn): void {
  const req = res.req;
  const label = routeLabel(res).split(' ');
  const err = new InvalidResponseStatusError(attempted, {
    method: (label[0] ?? '').toLowerCase(),
    path: label.slice(1).join(' '),
  });
  // The headers describe the body that is not going to be sent. Node's removeHeader also
  // switches off its own Content-Length/chunked framing for the response; the error handler's
  // answer needs that framing back, or it goes out unframed and the connection is lost.
  for (const name of ['content-length', 'content-type', 'transfer-encoding', 'etag']) {
    if (res.hasHeader(name)) res.removeHeader(name);
  }
  res._removedContLen = false;
  res._removedTE = false;
  res.statusCode = 500;
  const next = req.next;
  if (typeof next === 'function' && !rejected.has(res)) {
    rejected.add(res);
    next(err);
    // An error handler that answers later (Express's own waits until the request is read)
    // would race the handler, which goes on after its failed send and may write again: the
    // 500 goes now, and whatever comes later is dropped as a write after end.
    if (res.headersSent) return;
  }
  res.statusCode = 500;
  const body = 'Internal Server Error';
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  end.call(res, body);
}

/** Drops a write after `end()`; Node would emit an `'error'` nobody listens to and crash. */
function dropLateWrite(res: GuardedResponse, callback: unknown): false {
  warnOnce(res, 'ESR_WRITE_AFTER_END', 'a write after the response ended was dropped');
  if (typeof callback === 'function') {
    const err = Object.assign(new Error('write after end'), { code: 'ERR_STREAM_WRITE_AFTER_END' });
    process.nextTick(callback as Fn, err);
  }
  return false;
}

/** Drops a header change after the response ended (Node would throw ERR_HTTP_HEADERS_SENT). */
function lateHeaders(res: GuardedResponse): GuardedResponse {
  warnOnce(res, 'ESR_WRITE_AFTER_END', 'a header change after the response ended was dropped');
  return res;
}

/** Merges `writeHead`'s header argument into the stored headers, exactly as Node's own slow path. */
function mergeHeaders(res: ServerResponse, headers: unknown): void {
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const [k, v] of headers as [string, string][]) res.appendHeader(k, v);
      return;
    }
    for (let i = 0; i < headers.length; i += 2) res.removeHeader(String(headers[i]));
    for (let i = 0; i < headers.length; i += 2) {
      if (headers[i]) res.appendHeader(String(headers[i]), headers[i + 1] as string);
    }
  } else if (headers !== null && typeof headers === 'object') {
    for (const [k, v] of Object.entries(headers as OutgoingHttpHeaders)) {
      if (k && v !== undefined) res.setHeader(k, v);
    }
  }
}

/**
 * Strips what describes a body from a 204, 205 or 304 head. RFC 9110 §8.6: no Content-Length
 * on 204 (nor on 304 unless it equals the 200's, which we can't know); RFC 9112 §6.1: no
 * Transfer-Encoding on 204 or 304; RFC 9110 §15.3.6: a 205 has no content, so it says
 * `Content-Length: 0` to keep the connection framed.
 */
function stripBodyHeaders(res: GuardedResponse, status: number, removeHeader: Fn): void {
  const store = outHeaders(res);
  // Node's own removeHeader, not the guarded one: the head is being written, nothing is late.
  if (hasStored(res, store, 'content-type')) removeHeader.call(res, 'content-type');
  if (hasStored(res, store, 'transfer-encoding')) removeHeader.call(res, 'transfer-encoding');
  if (status === 205) {
    res.setHeader('Content-Length', '0');
    res._hasBody = false;
  } else if (hasStored(res, store, 'content-length')) {
    removeHeader.call(res, 'content-length');
  }
}

/**
 * Node keeps a response's headers in an object under its internal `kOutHeaders` symbol
 * (`null` until one is set). Reading it directly spares three `hasHeader` calls on every
 * 204/304 head; where it can't be found, `hasHeader` is used.
 */
let outHeadersKey: symbol | undefined | false = false;

function outHeaders(res: ServerResponse): Record<string, unknown> | null | undefined {
  if (outHeadersKey === false) {
    outHeadersKey = Object.getOwnPropertySymbols(res).find((sym) => sym.description === 'kOutHeaders');
  }
  return outHeadersKey === undefined ? undefined : (res as unknown as Record<symbol, Record<string, unknown> | null>)[outHeadersKey];
}

/** Whether the header (a lower-case name) is set, from Node's store when it was found. */
function hasStored(res: ServerResponse, store: Record<string, unknown> | null | undefined, name: string): boolean {
  return store === undefined ? res.hasHeader(name) : store !== null && store[name] !== undefined;
}

function define(proto: object, name: string, fn: Fn): void {
  Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: false });
}

/**
 * Patches `proto` (an Express copy's shared `response`) once. Every wrapper takes fixed
 * parameters and forwards with `call` (no rest arrays: they run several times per request),
 * and checks the cheapest condition first, so an unguarded or ordinary response pays a few
 * property reads.
 */
function patchPrototype(proto: ResponseProto): void {
  const writeHead = proto.writeHead;
  const write = proto.write;
  const end = proto.end;
  const send = proto.send;
  const json = proto.json;
  const sendFile = proto.sendFile;
  const setHeader = proto.setHeader;
  const removeHeader = proto.removeHeader;
  const appendHeader = proto.appendHeader;

  // The common path (a final status that may have a body, head not yet written) costs a few
  // compares and no isGuarded(): the guard is consulted only when there is something to do.
  define(proto, 'writeHead', function guardedWriteHead(this: GuardedResponse, status: unknown, reason?: unknown, headers?: unknown) {
    if (this._header) {
      // A second head: Node throws ERR_HTTP_HEADERS_SENT; after the end it is a late change.
      return this.finished && isGuarded(this) ? lateHeaders(this) : writeHead.call(this, status, reason, headers);
    }
    if ((status !== 204 && status !== 205 && status !== 304 && isFinalStatus(status)) || !isGuarded(this)) {
      return writeHead.call(this, status, reason, headers);
    }
    if (!isFinalStatus(status)) {
      rejectStatus(this, status, end);
      return this;
    }
    const hasReason = typeof reason === 'string';
    mergeHeaders(this, hasReason ? headers : reason);
    stripBodyHeaders(this, status, removeHeader);
    return hasReason ? writeHead.call(this, status, reason) : writeHead.call(this, status);
  });

  // After the response ended, Node throws ERR_HTTP_HEADERS_SENT from every header change: a
  // late res.json/res.sendStatus/res.redirect from a timer would crash the process.
  define(proto, 'setHeader', function guardedSetHeader(this: GuardedResponse, name: unknown, value: unknown) {
    return this.finished && isGuarded(this) ? lateHeaders(this) : setHeader.call(this, name, value);
  });
  define(proto, 'removeHeader', function guardedRemoveHeader(this: GuardedResponse, name: unknown) {
    return this.finished && isGuarded(this) ? lateHeaders(this) : removeHeader.call(this, name);
  });
  define(proto, 'appendHeader', function guardedAppendHeader(this: GuardedResponse, name: unknown, value: unknown) {
    return this.finished && isGuarded(this) ? lateHeaders(this) : appendHeader.call(this, name, value);
  });

  define(proto, 'write', function guardedWrite(this: GuardedResponse, chunk: unknown, encoding?: unknown, callback?: unknown) {
    if (this.finished) {
      return isGuarded(this)
        ? dropLateWrite(this, typeof encoding === 'function' ? encoding : callback)
        : write.call(this, chunk, encoding, callback);
    }
    if (!this._header && !isFinalStatus(this.statusCode) && isGuarded(this)) {
      rejectStatus(this, this.statusCode, end);
      return false;
    }
    const ok = write.call(this, chunk, encoding, callback);
    if (!this._hasBody && hasBytes(chunk) && this.req.method !== 'HEAD' && isGuarded(this)) {
      warnOnce(this, 'ESR_BODY_DISCARDED', DISCARDED);
    }
    return ok;
  });

  define(proto, 'end', function guardedEnd(this: GuardedResponse, chunk?: unknown, encoding?: unknown, callback?: unknown) {
    if (this.finished) {
      // end() without data after end() is harmless in Node; with data (even an empty Buffer)
      // it emits an 'error' nobody listens to.
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || !isGuarded(this)) {
        return end.call(this, chunk, encoding, callback);
      }
      dropLateWrite(this, callback ?? encoding);
      return this;
    }
    if (!this._header) {
      if (!isFinalStatus(this.statusCode)) {
        if (isGuarded(this)) {
          rejectStatus(this, this.statusCode, end);
          return this;
        }
      } else if (chunk !== undefined && this.req.method === 'HEAD' && hasBytes(chunk) &&
          !this.hasHeader('content-length') && !this.hasHeader('transfer-encoding') && isGuarded(this)) {
        // HEAD: tell GET's length (RFC 9110 §9.3.2); Node omits it when it drops the body.
        this.setHeader('Content-Length', byteLength(chunk as string | Uint8Array, encoding));
      }
    }
    const result = end.call(this, chunk, encoding, callback);
    if (chunk !== undefined && !this._hasBody && hasBytes(chunk) && this.req.method !== 'HEAD' && isGuarded(this)) {
      warnOnce(this, 'ESR_BODY_DISCARDED', DISCARDED);
    }
    return result;
  });

  // res.send/res.json on a 204 or 205: skip the body (and the ETag Express would compute from
  // it, and for json the stringify) before any work is done; Express's own send then strips
  // the headers. Express 4's two-argument forms (`res.send(status, body)`) pass through.
  if (typeof send === 'function') {
    define(proto, 'send', function guardedSend(this: GuardedResponse, body?: unknown) {
      if (arguments.length !== 1) return send.apply(this, arguments as unknown as unknown[]);
      if ((this.statusCode === 204 || this.statusCode === 205) && typeof body !== 'number' && isGuarded(this)) {
        return send.call(this);
      }
      return send.call(this, body);
    });
  }
  if (typeof json === 'function') {
    define(proto, 'json', function guardedJson(this: GuardedResponse & { send: Fn }, value?: unknown) {
      if (arguments.length !== 1) return json.apply(this, arguments as unknown as unknown[]);
      if ((this.statusCode === 204 || this.statusCode === 205) && isGuarded(this)) return this.send();
      return json.call(this, value);
    });
  }
  // res.sendFile/res.download on a 204 or 205: the ETag and Last-Modified that `send` derives
  // from the file would describe a body that is not sent. Validators the handler set itself
  // stay. (Express 5 overrides send's `etag` option, so they are removed when the head goes.)
  if (typeof sendFile === 'function') {
    define(proto, 'sendFile', function guardedSendFile(this: GuardedResponse, ...args: Args) {
      if ((this.statusCode === 204 || this.statusCode === 205) && isGuarded(this)) {
        const fromFile = ['etag', 'last-modified'].filter((name) => !this.hasHeader(name));
        define(this, 'writeHead', function writeHeadAfterSendFile(this: GuardedResponse, ...head: Args) {
          delete (this as { writeHead?: unknown }).writeHead; // back to the prototype's
          for (const name of fromFile) this.removeHeader(name);
          return (this.writeHead as Fn).apply(this, head);
        });
      }
      return sendFile.apply(this, args);
    });
  }
  Object.defineProperty(proto, PATCHED, { value: true, configurable: true, enumerable: false });
}

/**
 * The prototype to patch for a response whose prototype is `proto`. Express gives every app
 * its own `app.response` (an object with an own `app`) inheriting from the Express copy's
 * shared `response`; patching that shared one covers every app of that copy, sub-apps
 * included (Express swaps `res`'s prototype to the sub-app's `app.response` inside it).
 */
function patchTarget(proto: object): ResponseProto {
  return (Object.prototype.hasOwnProperty.call(proto, 'app') ? Object.getPrototypeOf(proto) : proto) as ResponseProto;
}

/**
 * Makes sure the prototype chain of `res` carries the guard. Cheap after the first call: one
 * prototype read and one inherited property read.
 */
export function installGuard(res: ServerResponse): void {
  const proto = Object.getPrototypeOf(res) as ResponseProto;
  if (proto[PATCHED] !== true) patchPrototype(patchTarget(proto));
}

/** Installs the guard for an Express application at setup time, before any request. */
export function installGuardOnApp(app: { response?: unknown }): void {
  const proto = app.response;
  if (typeof proto === 'object' && proto !== null && (proto as ResponseProto)[PATCHED] !== true) {
    patchPrototype(patchTarget(proto));
  }
}

/** Marks one response so the rules apply to it although no declared route handles it. */
export function markGuarded(res: ServerResponse, sink: WarningSink): void {
  (res as GuardedResponse)[GUARDED] = sink;
}
