// A response head formatted once and reused: node's writeHead checks every header's name and
// value against its token rules, lowercases each name to look for the few it treats specially, and
// concatenates the lines, on every request: for a cached badge's ~14 headers, a large part of
// plain node:http's instructions per request (README, Performance). Here the badge's lines are
// checked and formatted once per prepared answer; each request adds only what is its own: the
// request id, the Date and node's keep-alive lines, in the order writeHead writes them.
//
// It leaves the head where writeHead leaves it (`_header`), so it stands on node internals. It
// writes only when every field it relies on looks exactly as node sets it on a fresh response to a
// kept-alive request; in any other case (Connection: close, HTTP/1.0 without keep-alive, the
// socket's last request, Expect: 100-continue, headers already set) it writes nothing and the
// caller uses writeHead. test/http/prepared-head.test.ts compares the bytes on the wire with
// writeHead's, for every such case, on the node that runs the tests.

import { ServerResponse, STATUS_CODES, validateHeaderName, validateHeaderValue, type IncomingMessage } from 'node:http';

/** The status line and header lines of an answer, checked as writeHead checks them. */
export interface PreparedHead {
  status: number;
  /** `HTTP/1.1 200 OK\r\n` and one `Name: value\r\n` per header, without the closing blank line. */
  lines: string;
  /** Its Content-Length, which node keeps beside the head. */
  contentLength: number;
}

/** The fields of node's ServerResponse (lib/_http_outgoing.js, _http_server.js) this module reads or sets. */
interface ResponseInternals {
  _header: string | null;
  _headerSent: boolean;
  _contentLength: number | null;
  _keepAliveTimeout: unknown;
  _maxRequestsPerSocket: unknown;
  _defaultKeepAlive: unknown;
  _removedConnection: unknown;
  _expect_continue: unknown;
  chunkedEncoding: unknown;
  shouldKeepAlive: unknown;
  maxRequestsOnConnectionReached: unknown;
  sendDate: unknown;
  statusMessage: unknown;
}

/** What node's writeHead refuses in a header value (its checkInvalidHeaderChar). */
const INVALID_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * `headers`: flat [name, value, …] pairs as writeHead takes them. Throws where writeHead would (a
 * bad name or value); null when the head needs writeHead's own handling: no Content-Length, a
 * header that writeHead acts on (framing, keep-alive, Date), a status without a body or without a
 * reason phrase.
 */
export function prepareHead(status: number, headers: readonly string[]): PreparedHead | null {
  const reason = STATUS_CODES[status];
  let lines = `HTTP/1.1 ${status} ${reason}\r\n`;
  let contentLength: number | undefined;
  // A 1xx, 204 or 304 has no body: writeHead marks that on the response as well.
  let plain = reason !== undefined && status >= 200 && status !== 204 && status !== 304;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    const value = headers[i + 1]!;
    validateHeaderName(name);
    validateHeaderValue(name, value);
    if (/^content-length$/i.test(name) && contentLength === undefined && /^\d+$/.test(value)) contentLength = Number(value);
    else if (/^(content-length|connection|transfer-encoding|date|expect|trailer|keep-alive)$/i.test(name)) plain = false;
    lines += `${name}: ${value}\r\n`;
  }
  return plain && contentLength !== undefined ? { status, lines, contentLength } : null;
}

/**
 * The symbol under which node keeps headers set with setHeader (its kOutHeaders), found on a probe
 * response; null if this node keeps them otherwise, and then no head is ever written here.
 */
const OUT_HEADERS: symbol | null = (() => {
  const request = { method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, headers: {} } as IncomingMessage;
  const probe = new ServerResponse(request) as ServerResponse & Record<symbol, unknown>;
  const before = Object.getOwnPropertySymbols(probe).filter((symbol) => probe[symbol] == null);
  probe.setHeader('x-probe', '1');
  const found = before.filter((symbol) => probe[symbol] != null);
  return found.length === 1 ? found[0]! : null;
})();

let dateSecond = -1;
let dateLine = '';
/** node's Date line, made once a second as node makes it. */
function dateHeaderLine(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateLine = `Date: ${new Date(now).toUTCString()}\r\n`;
  }
  return dateLine;
}

let tailTimeoutMs = -1;
let tailMax = -1;
let tail = '';
/** The keep-alive lines and the blank line that closes the head, for a server's settings. */
function keepAliveTail(timeoutMs: number, maxRequests: number): string {
  if (timeoutMs !== tailTimeoutMs || maxRequests !== tailMax) {
    tailTimeoutMs = timeoutMs;
    tailMax = maxRequests;
    const max = maxRequests > 0 ? `, max=${maxRequests}` : '';
    tail = `Connection: keep-alive\r\n${timeoutMs ? `Keep-Alive: timeout=${Math.floor(timeoutMs / 1000)}${max}\r\n` : ''}\r\n`;
  }
  return tail;
}

/**
 * Sets `res`'s head to `head` plus the request id, Date and keep-alive lines, exactly as
 * `res.writeHead(head.status, [...headers, 'X-Request-Id', requestId])` would, and returns true;
 * or, when `res` is not a fresh response to a kept-alive request, does nothing and returns false.
 * The caller ends the response as after writeHead.
 */
export function writePreparedHead(res: ServerResponse, head: PreparedHead, requestId: string | undefined): boolean {
  const internals = res as unknown as ResponseInternals & Record<symbol, unknown>;
  const timeoutMs = internals._keepAliveTimeout;
  const maxRequests = internals._maxRequestsPerSocket;
  if (
    OUT_HEADERS === null ||
    internals[OUT_HEADERS] != null ||
    internals._header !== null ||
    internals._headerSent !== false ||
    internals.shouldKeepAlive !== true ||
    internals.maxRequestsOnConnectionReached !== false ||
    internals._expect_continue !== false ||
    internals._removedConnection !== false ||
    internals._defaultKeepAlive !== true ||
    internals.chunkedEncoding !== false ||
    internals.sendDate !== true ||
    internals.statusMessage !== undefined ||
    typeof timeoutMs !== 'number' ||
    (maxRequests !== undefined && typeof maxRequests !== 'number') ||
    (requestId !== undefined && INVALID_VALUE_CHAR.test(requestId))
  ) {
    return false;
  }
  res.statusCode = head.status;
  res.statusMessage = STATUS_CODES[head.status]!;
  internals._contentLength = head.contentLength;
  const idLine = requestId === undefined ? '' : `X-Request-Id: ${requestId}\r\n`;
  internals._header = head.lines + idLine + dateHeaderLine() + keepAliveTail(timeoutMs, ~~(maxRequests ?? 0));
  internals._headerSent = false;
  return true;
}
