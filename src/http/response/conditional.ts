// Conditional requests (RFC 9110 §13): whether a client's copy is still the answer, through `fresh`
// (Express's own check). A validator never widens what is sent: at worst the full answer goes out.

import type { IncomingMessage } from 'node:http';
import fresh from 'fresh';

/** Longer validators are ignored (the full answer goes out) rather than parsed. */
const MAX_IF_NONE_MATCH_CHARS = 8192;
const MAX_IF_MODIFIED_SINCE_CHARS = 64;

/**
 * If-None-Match (which wins) against any of `etags` — every content coding of one badge is the
 * same picture, so a copy validated under one coding is current under all — else
 * If-Modified-Since against `lastModified`.
 */
export function isNotModified(req: IncomingMessage, etags: readonly string[], lastModified: Date | null): boolean {
  const { 'if-none-match': ifNoneMatch, 'if-modified-since': ifModifiedSince } = req.headers;
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.length > MAX_IF_NONE_MATCH_CHARS) return false;
    return etags.some((etag) => fresh({ 'if-none-match': ifNoneMatch }, { etag }));
  }
  if (ifModifiedSince === undefined || lastModified === null || ifModifiedSince.length > MAX_IF_MODIFIED_SINCE_CHARS) return false;
  return fresh({ 'if-modified-since': ifModifiedSince }, { 'last-modified': lastModified.toUTCString() });
}
