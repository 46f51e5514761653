// Raw HTTP/1.1 over one `node:net` socket: pipelined requests in one write, exact bytes back,
// parsed with the message-length rules of RFC 9112 §6.3 (supertest would hide stray bytes).

import * as net from 'node:net';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a response's content length was determined (RFC 9112 §6.3). */
export type Framing = 'none' | 'content-length' | 'chunked' | 'close';

/** One parsed response message (interim or final). */
export interface RawResponse {
  /** The status line without CRLF, e.g. `HTTP/1.1 204 No Content`. */
  readonly statusLine: string;
  /** `HTTP/1.1` */
  readonly httpVersion: string;
  readonly status: number;
  readonly reason: string;
  /** Header fields in wire order, names lower-cased, repeated fields kept. */
  readonly rawHeaders: ReadonlyArray<readonly [string, string]>;
  /** Field values by lower-cased name, repeated fields kept in order. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  /** True for a 1xx other than 101: an interim response, a final one follows (RFC 9110 §15.2). */
  readonly interim: boolean;
  /** The interim (1xx) responses received before this final one. */
  readonly interimResponses: readonly RawResponse[];
  readonly framing: Framing;
  /** Message body bytes exactly as on the wire (chunk framing included). */
  readonly rawBody: Buffer;
  /** The content: `rawBody` with chunked framing removed. */
  readonly body: Buffer;
  /** Trailer fields of a chunked body, lower-cased names. */
  readonly trailers: ReadonlyArray<readonly [string, string]>;
  /** The request method this response answers (`HEAD` responses have no body). */
  readonly requestMethod: string;
}

/** The result of parsing a byte stream of responses. */
export interface ParseResult {
  /** Final responses (interim ones hang off `interimResponses`), in order. */
  readonly responses: readonly RawResponse[];
  /** Bytes that were not part of any complete response. */
  readonly leftover: Buffer;
  /** Every request got its final response (or a 101 switched protocols). */
  readonly complete: boolean;
  /** A framing error (bad status line, bad Content-Length, bad chunk): parsing stopped. */
  readonly error: string | undefined;
  /** A `101 Switching Protocols` was received: later bytes are not HTTP (left in `leftover`). */
  readonly switchedProtocols: boolean;
}

/** The result of one raw exchange. */
export interface RawExchange extends ParseResult {
  /** Every byte the server sent. */
  readonly bytes: Buffer;
  /** The wait for all responses ran out before they arrived. */
  readonly timedOut: boolean;
  /** The server closed (FIN or reset) the connection during the exchange. */
  readonly closedByServer: boolean;
  /** A socket error, if any (e.g. ECONNRESET). */
  readonly socketError: string | undefined;
}

/** A request to send: a raw string (sent as is) or a description. */
export type RawRequest =
  | string
  | {
      readonly method?: string;
      readonly path: string;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: string;
    };

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

class Incomplete extends Error {}

interface Head {
  readonly statusLine: string;
  readonly httpVersion: string;
  readonly status: number;
  readonly reason: string;
  readonly rawHeaders: Array<[string, string]>;
  readonly headers: Record<string, string[]>;
  readonly end: number;
}

function parseHead(buf: Buffer, start: number): Head {
  const end = buf.indexOf(HEADER_END, start);
  if (end === -1) throw new Incomplete();
  const lines = buf.subarray(start, end).toString('latin1').split('\r\n');
  const statusLine = lines[0] ?? '';
  const m = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!m) throw new Error(`bad status line ${JSON.stringify(statusLine)}`);
  const rawHeaders: Array<[string, string]> = [];
  const headers: Record<string, string[]> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`bad header line ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    rawHeaders.push([name, value]);
    (headers[name] ??= []).push(value);
  }
  return {
    statusLine,
    httpVersion: m[1] ?? '',
    status: Number(m[2]),
    reason: m[3] ?? '',
    rawHeaders,
    headers,
    end: end + HEADER_END.length,
  };
}

/** Decodes a chunked body starting at `start`; returns content, trailers and the end offset. */
function parseChunked(
  buf: Buffer,
  start: number,
): { body: Buffer; trailers: Array<[string, string]>; end: number } {
  const parts: Buffer[] = [];
  let pos = start;
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, pos);
    if (lineEnd === -1) throw new Incomplete();
    const sizeLine = buf.subarray(pos, lineEnd).toString('latin1');
    const sizeText = (sizeLine.split(';')[0] ?? '').trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) {
      throw new Error(`bad chunk size line ${JSON.stringify(sizeLine)}`);
    }
    const size = parseInt(sizeText, 16);
    pos = lineEnd + 2;
    if (size === 0) {
      // trailer section: fields, then an empty line
      const trailers: Array<[string, string]> = [];
      for (;;) {
        const tEnd = buf.indexOf(CRLF, pos);
        if (tEnd === -1) throw new Incomplete();
        const line = buf.subarray(pos, tEnd).toString('latin1');
        pos = tEnd + 2;
        if (line === '') return { body: Buffer.concat(parts), trailers, end: pos };
        const colon = line.indexOf(':');
        if (colon <= 0) throw new Error(`bad trailer line ${JSON.stringify(line)}`);
        trailers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
      }
    }
    if (buf.length < pos + size + 2) throw new Incomplete();
    parts.push(buf.subarray(pos, pos + size));
    if (!buf.subarray(pos + size, pos + size + 2).equals(CRLF)) {
      throw new Error('chunk data not followed by CRLF');
    }
    pos += size + 2;
  }
}

/**
 * Parses `bytes` as the responses to requests made with `methods` (in order), following
 * RFC 9112 §6.3: HEAD responses and 1xx/204/304 have no content whatever their headers say;
 * Transfer-Encoding overrides Content-Length; chunked if it is the final coding, otherwise
 * close-delimited; a valid Content-Length; otherwise the content runs until the connection
 * closes (`eof`).
 */
export function parseResponses(
  bytes: Buffer,
  methods: readonly string[],
  options: { readonly eof?: boolean } = {},
): ParseResult {
  const eof = options.eof ?? false;
  const responses: RawResponse[] = [];
  let pos = 0;
  let interim: RawResponse[] = [];
  let error: string | undefined;
  let switchedProtocols = false;

  while (responses.length < methods.length && pos < bytes.length) {
    const method = (methods[responses.length] ?? 'GET').toUpperCase();
    try {
      const head = parseHead(bytes, pos);
      const base = {
        statusLine: head.statusLine,
        httpVersion: head.httpVersion,
        status: head.status,
        reason: head.reason,
        rawHeaders: head.rawHeaders,
        headers: head.headers,
        requestMethod: method,
      };
      const noContent = (rawBody: Buffer = Buffer.alloc(0)): Omit<RawResponse, keyof typeof base> => ({
        interim: false,
        interimResponses: [],
        framing: 'none',
        rawBody,
        body: rawBody,
        trailers: [],
      });

      if (head.status >= 100 && head.status <= 199 && head.status !== 101) {
        interim.push({ ...base, ...noContent(), interim: true });
        pos = head.end;
        continue;
      }
      if (head.status === 101) {
        // The connection now speaks another protocol: what follows is not HTTP/1.1.
        responses.push({ ...base, ...noContent(), interimResponses: interim });
        interim = [];
        pos = head.end;
        switchedProtocols = true;
        break;
      }
      if (method === 'HEAD' || head.status === 204 || head.status === 304) {
        responses.push({ ...base, ...noContent(), interimResponses: interim });
        interim = [];
        pos = head.end;
        continue;
      }
      const te = head.headers['transfer-encoding'];
      const cl = head.headers['content-length'];
      if (te !== undefined) {
        const codings = te
          .join(',')
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter((s) => s !== '');
        if (codings[codings.length - 1] === 'chunked') {
          const { body, trailers, end } = parseChunked(bytes, head.end);
          responses.push({
            ...base,
            interim: false,
            interimResponses: interim,
            framing: 'chunked',
            rawBody: bytes.subarray(head.end, end),
            body,
            trailers,
          });
          interim = [];
          pos = end;
          continue;
        }
        // not chunked last: the content runs until the connection closes
      } else if (cl !== undefined) {
        const values = new Set(cl.join(',').split(',').map((s) => s.trim()));
        const [only] = [...values];
        if (values.size !== 1 || only === undefined || !/^\d+$/.test(only)) {
          throw new Error(`invalid Content-Length ${JSON.stringify(cl)}`);
        }
        const length = Number(only);
        if (bytes.length < head.end + length) throw new Incomplete();
        const rawBody = bytes.subarray(head.end, head.end + length);
        responses.push({
          ...base,
          ...noContent(rawBody),
          interimResponses: interim,
          framing: 'content-length',
        });
        interim = [];
        pos = head.end + length;
        continue;
      }
      // close-delimited
      if (!eof) throw new Incomplete();
      const rawBody = bytes.subarray(head.end);
      responses.push({ ...base, ...noContent(rawBody), interimResponses: interim, framing: 'close' });
      interim = [];
      pos = bytes.length;
    } catch (e) {
      if (!(e instanceof Incomplete)) error = (e as Error).message;
      break;
    }
  }

  return {
    responses,
    leftover: bytes.subarray(pos),
    complete: switchedProtocols || responses.length >= methods.length,
    error,
    switchedProtocols,
  };
}

function methodOf(request: RawRequest): string {
  if (typeof request === 'string') return (request.split(' ')[0] ?? 'GET').toUpperCase();
  return (request.method ?? 'GET').toUpperCase();
}

/** Serialises a request description to HTTP/1.1 bytes (Host added, Content-Length for bodies). */
export function formatRequest(request: RawRequest): string {
  if (typeof request === 'string') return request;
  const lines = [`${methodOf(request)} ${request.path} HTTP/1.1`];
  const headers: Record<string, string> = { Host: 'localhost', ...request.headers };
  if (request.body !== undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(request.body));
  }
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n${request.body ?? ''}`;
}

/** Options of {@link rawExchange}. */
export interface RawExchangeOptions {
  /** Give up waiting for the responses after this long (reported as `timedOut`). */
  readonly timeoutMs?: number;
  /**
   * After the last response, keep reading this long to catch stray bytes and a server close.
   * Default 15 ms.
   */
  readonly settleMs?: number;
  readonly host?: string;
}

/**
 * Opens one socket to `port`, writes every request in ONE write (pipelining), reads until each
 * request has its final response (then `settleMs` more) or `timeoutMs` runs out, and parses the
 * bytes. Never rejects on HTTP trouble: timeouts, closes and framing errors are reported.
 */
export function rawExchange(
  port: number,
  requests: readonly RawRequest[],
  options: RawExchangeOptions = {},
): Promise<RawExchange> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const settleMs = options.settleMs ?? 15;
  const methods = requests.map(methodOf);
  const payload = requests.map(formatRequest).join('');

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let closedByServer = false;
    let socketError: string | undefined;
    let timedOut = false;
    let done = false;
    let settleTimer: NodeJS.Timeout | undefined;

    const socket = net.connect({ port, host: options.host ?? '127.0.0.1' });
    socket.setNoDelay(true);

    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(overall);
      if (settleTimer) clearTimeout(settleTimer);
      socket.destroy();
      const bytes = Buffer.concat(chunks);
      const parsed = parseResponses(bytes, methods, { eof: closedByServer });
      resolve({ ...parsed, bytes, timedOut, closedByServer, socketError });
    };

    const check = (): void => {
      const parsed = parseResponses(Buffer.concat(chunks), methods, { eof: closedByServer });
      if ((parsed.complete || parsed.error !== undefined) && settleTimer === undefined) {
        settleTimer = setTimeout(finish, settleMs);
      }
    };

    const overall = setTimeout(() => {
      timedOut = true;
      finish();
    }, timeoutMs);

    socket.on('connect', () => socket.write(payload));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      check();
    });
    socket.on('end', () => {
      closedByServer = true;
      check();
      // nothing more can come: parse what we have now
      if (settleTimer === undefined) finish();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      socketError = err.code ?? err.message;
      closedByServer = true;
      finish();
    });
    socket.on('close', () => {
      closedByServer = true;
      if (settleTimer === undefined) finish();
    });
  });
}

/** The single value of header `name` on `response`, or `undefined`; repeated values joined. */
export function header(response: RawResponse | undefined, name: string): string | undefined {
  const values = response?.headers[name.toLowerCase()];
  return values === undefined ? undefined : values.join(', ');
}

/** A readable one-line-per-response summary, for assertion messages. */
export function describeExchange(exchange: ParseResult & Partial<RawExchange>): string {
  const lines = exchange.responses.map((r, i) => {
    const interim = r.interimResponses.map((x) => `[${x.statusLine}] `).join('');
    const hdrs = r.rawHeaders
      .filter(([n]) => n !== 'date')
      .map(([n, v]) => `${n}: ${v}`)
      .join('; ');
    return `#${i + 1} ${r.requestMethod}: ${interim}${r.statusLine} {${hdrs}} body=${JSON.stringify(
      r.rawBody.toString('latin1'),
    )}`;
  });
  if (exchange.leftover.length > 0) {
    lines.push(`leftover=${JSON.stringify(exchange.leftover.toString('latin1'))}`);
  }
  if (exchange.error !== undefined) lines.push(`error=${exchange.error}`);
  if (exchange.timedOut) lines.push('TIMED OUT');
  if (exchange.closedByServer) lines.push('closed by server');
  if (exchange.socketError !== undefined) lines.push(`socket error=${exchange.socketError}`);
  return lines.join('\n');
}

/** A running server on an ephemeral port. */
export interface RunningServer {
  readonly server: http.Server;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Closes every connection (idle keep-alive ones too) and the server. */
  close(): Promise<void>;
}

/** Starts `app` (any request listener, e.g. an Express app) on 127.0.0.1 and an ephemeral port. */
export async function startServer(app: http.RequestListener): Promise<RunningServer> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
