// Reads a badge URL (`/badge/{target}.svg|.png?…`) into what the pipeline needs and one
// canonical key: the same for every spelling of the same request (case, escapes, unknown or
// reordered parameters), so junk variations cannot multiply cache entries.

import type { IncomingMessage } from 'node:http';
import { BADGE_PARAMS } from '../../domain/badge-options.js';
import { foldName } from '../../domain/entity.js';
import type { BadgeRequest } from '../../services/badge-service.js';
import { splitBadgePath } from './request-target.js';

export const BADGE_PREFIX = '/badge/';

/** GET or HEAD under /badge/: answered with a badge by whichever route answers (badge, rate limit, error). */
export function isBadgeRequest(req: IncomingMessage): req is IncomingMessage & { url: string } {
  return (req.method === 'GET' || req.method === 'HEAD') && req.url !== undefined && req.url.startsWith(BADGE_PREFIX);
}

/** Longer URLs are answered by the ordinary route (as invalid) and never keyed. */
const MAX_URL_CHARS = 4096;

export interface BadgeUrl extends BadgeRequest {
  key: string;
}

export function parseBadgeUrl(rawUrl: string): BadgeUrl | null {
  if (!rawUrl.startsWith(BADGE_PREFIX) || rawUrl.length > MAX_URL_CHARS) return null;
  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const { target, format } = splitBadgePath(rawPath.slice(BADGE_PREFIX.length));
  const params = new URLSearchParams(queryAt < 0 ? '' : rawUrl.slice(queryAt + 1));
  const query: Record<string, string | string[]> = {};
  let keyParams = '';
  for (const param of BADGE_PARAMS) {
    const values = params.getAll(param);
    if (values.length === 0) continue;
    query[param] = values.length === 1 ? values[0]! : values;
    keyParams += `&${param}=${JSON.stringify(values)}`;
  }
  const key = `${format}\n${target === null ? '\u0000' : foldName(target)}\n${keyParams}`;
  return { key, target, format, query };
}
