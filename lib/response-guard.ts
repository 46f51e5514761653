// The body rules at request time: installed once on a response prototype, decided when the
// head is written. Nothing is allocated or attached per request on the common path.

import type { ServerResponse } from 'node:http';
import { isFinalStatus } from './body-rules';
import { dropLateWrite, lateHeaders, rejectStatus } from './guard-failures';
import { byteLength, hasBytes, isGuarded, warnOnce } from './guarded-response';
import type { Fn, GuardedResponse } from './guarded-response';
import { mergeHeaders, stripBodyHeaders } from './head-rules';

export { DECLARED_ROUTE, markGuarded } from './guarded-response';

/** Set on a patched prototype; responses inheriting from it have the guard. */
const PATCHED = Symbol('express-status-routes.patched');

type Args = unknown[];

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

const DISCARDED = 'body bytes written to a response whose status allows no content (204, 205, 304) were dropped (RFC 9110 §6.4.1)';

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
    if (reason === undefined) {
      // Node's own implicit head (res.end() on a declared 204): nothing to merge.
      stripBodyHeaders(this, status, removeHeader);
      return writeHead.call(this, status);
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

