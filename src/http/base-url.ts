// The base URL for links in JSON: PUBLIC_URL when configured, else the request's own host,
// accepted only when it looks like a host name (a forged Host must not inject markup).

import type { Request } from 'express';

const HOST = /^[a-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9a-f:.]{2,45}\](:\d{1,5})?$/i;

export function baseUrlFor(req: Request, publicUrl: string | null): string {
  if (publicUrl !== null) return publicUrl;
  const host = req.get('host') ?? '';
  return `${req.protocol}://${HOST.test(host) ? host.toLowerCase() : 'localhost'}`;
}
