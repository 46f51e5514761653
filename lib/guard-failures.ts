// What the guard does instead of failing: a 500 for a 1xx, a dropped write after the end.

import type { ServerResponse } from 'node:http';
import { InvalidResponseStatusError } from './errors';
import { routeOf, warnOnce } from './guarded-response';
import type { Fn, GuardedResponse } from './guarded-response';

/** Responses already answered with a 500 for a bad status: a second bad status ends plainly. */
const rejected = new WeakSet<ServerResponse>();

/**
 * A handler tried to send a 1xx (or a code outside 100–599) as the final response. Nothing of
 * it is written: a 1xx head would be taken as interim and desynchronise the connection
 * (RFC 9110 §15.2). The response becomes a 500 and the error goes to the app's error handler.
 */
export function rejectStatus(res: GuardedResponse, attempted: unknown, end: Fn): void {
  const req = res.req;
  const err = new InvalidResponseStatusError(attempted, routeOf(res));
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
  res.statusCode = 500; // again: an error handler may have changed it without answering
  const body = 'Internal Server Error';
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  end.call(res, body);
}

/** Drops a write after `end()`; Node would emit an `'error'` nobody listens to and crash. */
export function dropLateWrite(res: GuardedResponse, callback: unknown): false {
  warnOnce(res, 'ESR_WRITE_AFTER_END', 'a write after the response ended was dropped');
  if (typeof callback === 'function') {
    const err = Object.assign(new Error('write after end'), { code: 'ERR_STREAM_WRITE_AFTER_END' });
    process.nextTick(callback as Fn, err);
  }
  return false;
}

/** Drops a header change after the response ended (Node would throw ERR_HTTP_HEADERS_SENT). */
export function lateHeaders(res: GuardedResponse): GuardedResponse {
  warnOnce(res, 'ESR_WRITE_AFTER_END', 'a header change after the response ended was dropped');
  return res;
}

