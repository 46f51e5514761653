// What a 204, 205 or 304 head keeps: the handler's headers merged, those of a body removed.

import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Fn, GuardedResponse } from './guarded-response';

/** Merges `writeHead`'s header argument into the stored headers, exactly as Node's own slow path. */
export function mergeHeaders(res: ServerResponse, headers: unknown): void {
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
export function stripBodyHeaders(res: GuardedResponse, status: number, removeHeader: Fn): void {
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

