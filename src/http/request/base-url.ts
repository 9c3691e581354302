// The base URL for links in JSON, snippets and pages: PUBLIC_URL when configured, else the request's
// own scheme and host, each used only when valid (a forged Host or X-Forwarded-Proto must not inject
// a scheme, markup or a URL that fails to parse); anything else falls back to a safe default.

import type { Request } from 'express';

/** A host name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const HOST = /^(?<name>[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]{2,45}\])(?::(?<port>\d{1,5}))?$/i;
const MAX_HOST_CHARS = 253 + 6;
const FALLBACK_HOST = 'localhost';

/** The Host header when it is a valid host with a port from 1 to 65535 (lowercased), else null. */
export function validHost(raw: string | undefined): string | null {
  if (raw === undefined || raw.length > MAX_HOST_CHARS) return null;
  const match = HOST.exec(raw);
  if (match === null) return null;
  const port = match.groups?.port;
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) return null;
  // The URL parser has the last word (an IPv6 literal it cannot read, say).
  return URL.canParse(`http://${raw}/`) ? raw.toLowerCase() : null;
}

/**
 * `req.protocol` is the socket's scheme, or the first X-Forwarded-Proto of a trusted proxy, as
 * sent: only `http` and `https` are schemes of this service; anything else means the socket's.
 */
function validScheme(req: Request): 'http' | 'https' {
  const claimed = req.protocol.toLowerCase();
  if (claimed === 'http' || claimed === 'https') return claimed;
  return req.secure ? 'https' : 'http';
}

export function baseUrlFor(req: Request, publicUrl: string | null): string {
  if (publicUrl !== null) return publicUrl;
  return `${validScheme(req)}://${validHost(req.get('host')) ?? FALLBACK_HOST}`;
}
