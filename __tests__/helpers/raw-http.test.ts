// The raw HTTP helper's RFC 9112 §6.3 parser, checked against hand-written bytes.

import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { formatRequest, header, parseResponses, rawExchange } from './raw-http';
import type { Framing } from './raw-http';

interface ExpectedResponse {
  readonly statusLine: string;
  readonly status: number;
  readonly body: string;
  readonly rawBody?: string;
  readonly framing: Framing;
  readonly interim?: readonly number[];
  readonly headers?: Readonly<Record<string, readonly string[]>>;
}

interface ParserCase {
  readonly name: string;
  readonly methods: readonly string[];
  readonly bytes: string;
  readonly eof?: boolean;
  readonly responses: readonly ExpectedResponse[];
  readonly leftover?: string;
  readonly complete: boolean;
  readonly error?: RegExp;
  readonly switchedProtocols?: boolean;
}

const ok2 = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
const ok2Expected: ExpectedResponse = {
  statusLine: 'HTTP/1.1 200 OK',
  status: 200,
  body: 'ok',
  framing: 'content-length',
};

const CASES: readonly ParserCase[] = [
  {
    name: 'Content-Length body',
    methods: ['GET'],
    bytes: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello',
    responses: [
      {
        statusLine: 'HTTP/1.1 200 OK',
        status: 200,
        body: 'hello',
        framing: 'content-length',
        headers: { 'content-type': ['text/plain'], 'content-length': ['5'] },
      },
    ],
    complete: true,
  },
  {
    name: 'Content-Length: 0',
    methods: ['GET'],
    bytes: 'HTTP/1.1 205 Reset Content\r\nContent-Length: 0\r\n\r\n',
    responses: [
      { statusLine: 'HTTP/1.1 205 Reset Content', status: 205, body: '', framing: 'content-length' },
    ],
    complete: true,
  },
  {
    name: 'chunked body with a chunk extension',
    methods: ['GET'],
    bytes:
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n',
    responses: [
      {
        statusLine: 'HTTP/1.1 200 OK',
        status: 200,
        body: 'hello world',
        rawBody: '5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n',
        framing: 'chunked',
      },
    ],
    complete: true,
  },
  {
    name: 'chunked body with upper-case hex size and trailers',
    methods: ['GET'],
    bytes:
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\nX-Sum: 45\r\n\r\n',
    responses: [
      { statusLine: 'HTTP/1.1 200 OK', status: 200, body: '0123456789', framing: 'chunked' },
    ],
    complete: true,
  },
  {
    name: 'Transfer-Encoding wins over Content-Length',
    methods: ['GET', 'GET'],
    bytes: `HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n${ok2}`,
    responses: [{ statusLine: 'HTTP/1.1 200 OK', status: 200, body: 'x', framing: 'chunked' }, ok2Expected],
    complete: true,
  },
  {
    name: 'interim 100 and 103 followed by the final response',
    methods: ['GET'],
    bytes: `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n${ok2}`,
    responses: [{ ...ok2Expected, interim: [100, 103] }],
    complete: true,
  },
  {
    name: 'a lone 1xx carrying Content-Length takes the next final response (desync)',
    methods: ['GET', 'GET'],
    bytes: 'HTTP/1.1 100 Continue\r\nContent-Length: 7\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nSECOND',
    responses: [
      { statusLine: 'HTTP/1.1 200 OK', status: 200, body: 'SECOND', framing: 'content-length', interim: [100] },
    ],
    complete: false,
  },
  {
    name: 'HEAD response has no body whatever Content-Length says',
    methods: ['HEAD', 'GET'],
    bytes: `HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n${ok2}`,
    responses: [
      {
        statusLine: 'HTTP/1.1 200 OK',
        status: 200,
        body: '',
        framing: 'none',
        headers: { 'content-length': ['5'] },
      },
      ok2Expected,
    ],
    complete: true,
  },
  {
    name: 'HEAD response has no body whatever Transfer-Encoding says',
    methods: ['HEAD', 'GET'],
    bytes: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${ok2}`,
    responses: [{ statusLine: 'HTTP/1.1 200 OK', status: 200, body: '', framing: 'none' }, ok2Expected],
    complete: true,
  },
  {
    name: '204 with Content-Length has no body',
    methods: ['GET', 'GET'],
    bytes: `HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n${ok2}`,
    responses: [{ statusLine: 'HTTP/1.1 204 No Content', status: 204, body: '', framing: 'none' }, ok2Expected],
    complete: true,
  },
  {
    name: '304 with Transfer-Encoding has no body',
    methods: ['GET', 'GET'],
    bytes: `HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n${ok2}`,
    responses: [
      { statusLine: 'HTTP/1.1 304 Not Modified', status: 304, body: '', framing: 'none' },
      ok2Expected,
    ],
    complete: true,
  },
  {
    name: '205 body bytes are read as its body by Content-Length',
    methods: ['GET', 'GET'],
    bytes: `HTTP/1.1 205 Reset Content\r\nContent-Length: 1\r\n\r\nx${ok2}`,
    responses: [
      { statusLine: 'HTTP/1.1 205 Reset Content', status: 205, body: 'x', framing: 'content-length' },
      ok2Expected,
    ],
    complete: true,
  },
  {
    name: 'stray bytes after the last expected response are leftover',
    methods: ['GET'],
    bytes: `${ok2}xyz`,
    responses: [ok2Expected],
    leftover: 'xyz',
    complete: true,
  },
  {
    name: 'a response nobody asked for is leftover',
    methods: ['GET'],
    bytes: `${ok2}${ok2}`,
    responses: [ok2Expected],
    leftover: ok2,
    complete: true,
  },
  {
    name: 'incomplete Content-Length body',
    methods: ['GET'],
    bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel',
    responses: [],
    leftover: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel',
    complete: false,
  },
  {
    name: 'incomplete chunked body',
    methods: ['GET'],
    bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n',
    responses: [],
    leftover: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n',
    complete: false,
  },
  {
    name: 'incomplete head',
    methods: ['GET'],
    bytes: 'HTTP/1.1 200 OK\r\nContent-Len',
    responses: [],
    leftover: 'HTTP/1.1 200 OK\r\nContent-Len',
    complete: false,
  },
  {
    name: 'close-delimited body before the close',
    methods: ['GET'],
    bytes: 'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabc',
    responses: [],
    leftover: 'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabc',
    complete: false,
  },
  {
    name: 'close-delimited body after the close',
    methods: ['GET'],
    bytes: 'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabc',
    eof: true,
    responses: [{ statusLine: 'HTTP/1.1 200 OK', status: 200, body: 'abc', framing: 'close' }],
    complete: true,
  },
  {
    name: 'Transfer-Encoding not ending in chunked is close-delimited',
    methods: ['GET'],
    bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzzz',
    eof: true,
    responses: [{ statusLine: 'HTTP/1.1 200 OK', status: 200, body: 'zzz', framing: 'close' }],
    complete: true,
  },
  {
    name: 'repeated header fields are kept in order',
    methods: ['GET'],
    bytes: 'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nContent-Length: 0\r\n\r\n',
    responses: [
      {
        statusLine: 'HTTP/1.1 200 OK',
        status: 200,
        body: '',
        framing: 'content-length',
        headers: { 'set-cookie': ['a=1', 'b=2'] },
      },
    ],
    complete: true,
  },
  {
    name: 'differing Content-Length values are a framing error',
    methods: ['GET'],
    bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nok',
    responses: [],
    leftover: 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nok',
    complete: false,
    error: /Content-Length/,
  },
  {
    name: 'body bytes where a status line should be are a framing error',
    methods: ['GET', 'GET'],
    bytes: `HTTP/1.1 205 Reset Content\r\nContent-Length: 0\r\n\r\nx${ok2}`,
    responses: [
      { statusLine: 'HTTP/1.1 205 Reset Content', status: 205, body: '', framing: 'content-length' },
    ],
    leftover: `x${ok2}`,
    complete: false,
    error: /status line/,
  },
  {
    name: '101 Switching Protocols: what follows is not HTTP',
    methods: ['GET', 'GET'],
    bytes: `HTTP/1.1 101 Switching Protocols\r\nContent-Length: 7\r\n\r\n${ok2}`,
    responses: [
      { statusLine: 'HTTP/1.1 101 Switching Protocols', status: 101, body: '', framing: 'none' },
    ],
    leftover: ok2,
    complete: true,
    switchedProtocols: true,
  },
];

describe('parseResponses (RFC 9112 §6.3)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = parseResponses(Buffer.from(c.bytes, 'latin1'), c.methods, { eof: c.eof ?? false });
    expect(result.responses).toHaveLength(c.responses.length);
    c.responses.forEach((want, i) => {
      const got = result.responses[i];
      expect(got).toBeDefined();
      if (got === undefined) return;
      expect(got.statusLine).toBe(want.statusLine);
      expect(got.status).toBe(want.status);
      expect(got.interim).toBe(false);
      expect(got.framing).toBe(want.framing);
      expect(got.body.toString('latin1')).toBe(want.body);
      if (want.rawBody !== undefined) expect(got.rawBody.toString('latin1')).toBe(want.rawBody);
      expect(got.interimResponses.map((r) => r.status)).toEqual(want.interim ?? []);
      got.interimResponses.forEach((r) => expect(r.interim).toBe(true));
      for (const [name, values] of Object.entries(want.headers ?? {})) {
        expect(got.headers[name]).toEqual(values);
      }
    });
    expect(result.leftover.toString('latin1')).toBe(c.leftover ?? '');
    expect(result.complete).toBe(c.complete);
    expect(result.switchedProtocols).toBe(c.switchedProtocols ?? false);
    if (c.error === undefined) expect(result.error).toBeUndefined();
    else expect(result.error).toMatch(c.error);
  });

  it('records the request method each response answers', () => {
    const result = parseResponses(Buffer.from(`${ok2}${ok2}`), ['get', 'POST']);
    expect(result.responses.map((r) => r.requestMethod)).toEqual(['GET', 'POST']);
  });

  it('keeps chunk trailers', () => {
    const bytes = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Sum: 45\r\n\r\n';
    const [res] = parseResponses(Buffer.from(bytes), ['GET']).responses;
    expect(res?.trailers).toEqual([['x-sum', '45']]);
  });

  it('header() joins repeated values and is case-insensitive', () => {
    const bytes = 'HTTP/1.1 200 OK\r\nVary: a\r\nVary: b\r\nContent-Length: 0\r\n\r\n';
    const [res] = parseResponses(Buffer.from(bytes), ['GET']).responses;
    expect(header(res, 'VARY')).toBe('a, b');
    expect(header(res, 'etag')).toBeUndefined();
  });
});

describe('formatRequest', () => {
  it.each([
    ['GET /a', { path: '/a' }, 'GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n'],
    [
      'HEAD with a header',
      { method: 'head', path: '/b', headers: { 'If-None-Match': '"x"' } },
      'HEAD /b HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: "x"\r\n\r\n',
    ],
    [
      'POST with a body',
      { method: 'POST', path: '/c', body: 'hé' },
      'POST /c HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nhé',
    ],
  ] as const)('%s', (_name, request, expected) => {
    expect(formatRequest(request)).toBe(expected);
  });
});

/** A TCP server that answers every connection with canned bytes, then does `after`. */
async function cannedServer(
  bytes: string,
  after: 'keep-open' | 'close',
): Promise<{ port: number; received: () => string; close: () => Promise<void> }> {
  let received = '';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (d) => {
      received += d.toString('latin1');
      if (received.endsWith('\r\n\r\n')) {
        socket.write(bytes, 'latin1');
        if (after === 'close') socket.end();
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('rawExchange over a socket', () => {
  it('writes the requests pipelined and reads every response', async () => {
    const srv = await cannedServer(`${ok2}${ok2}`, 'keep-open');
    try {
      const ex = await rawExchange(srv.port, [{ path: '/a' }, { path: '/b' }]);
      expect(srv.received()).toBe(
        'GET /a HTTP/1.1\r\nHost: localhost\r\n\r\nGET /b HTTP/1.1\r\nHost: localhost\r\n\r\n',
      );
      expect(ex.responses.map((r) => r.body.toString())).toEqual(['ok', 'ok']);
      expect(ex.timedOut).toBe(false);
      expect(ex.closedByServer).toBe(false);
      expect(ex.leftover).toHaveLength(0);
    } finally {
      await srv.close();
    }
  });

  it('reports a timeout instead of hanging when a response is missing', async () => {
    const srv = await cannedServer(ok2, 'keep-open');
    try {
      const ex = await rawExchange(srv.port, [{ path: '/a' }, { path: '/b' }], { timeoutMs: 150 });
      expect(ex.timedOut).toBe(true);
      expect(ex.complete).toBe(false);
      expect(ex.responses).toHaveLength(1);
    } finally {
      await srv.close();
    }
  });

  it('reports a server close and reads a close-delimited body', async () => {
    const srv = await cannedServer('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabc', 'close');
    try {
      const ex = await rawExchange(srv.port, [{ path: '/a' }]);
      expect(ex.closedByServer).toBe(true);
      expect(ex.timedOut).toBe(false);
      expect(ex.responses[0]?.framing).toBe('close');
      expect(ex.responses[0]?.body.toString()).toBe('abc');
    } finally {
      await srv.close();
    }
  });

  it('catches stray bytes that follow the last response', async () => {
    const srv = await cannedServer(`${ok2}stray`, 'keep-open');
    try {
      const ex = await rawExchange(srv.port, [{ path: '/a' }]);
      expect(ex.leftover.toString()).toBe('stray');
    } finally {
      await srv.close();
    }
  });
});
