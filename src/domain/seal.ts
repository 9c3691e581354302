// Vendor seals: a trust image bound to the origins of the sites allowed to show it. This module
// holds their rules — the id, how a bound origin is written and matched (exact, or `*.` for
// subdomains), how a request's Referer becomes an origin, and what state a seal is in — and reads
// nothing: the store keeps seals, services/seal-service.ts answers them.

import { parse as parseDomain } from 'tldts';

/** 128 random bits, base64url: unguessable, and fixed in length so anything else is refused unread. */
export const SEAL_ID = /^[A-Za-z0-9_-]{22}$/;
export const MAX_SEAL_ORIGINS = 20;
export const MAX_VENDOR_CHARS = 100;
/** An origin longer than this is no site's (DNS names stop at 253). */
const MAX_ORIGIN_CHARS = 300;

/** A seal as stored. Times are ISO-8601 UTC; `origins` are as `parseSealOrigin` gives them back. */
export interface Seal {
  id: string;
  /** The entity it vouches for, as the catalogue spells it. */
  registry: string;
  name: string;
  vendor: string;
  origins: string[];
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/**
 * Why a seal does not show a grade here: it is not this site's (`foreign`: another origin, or no
 * origin the service can trust), expired, revoked, its entity is gone, or the entity no longer
 * meets the trust threshold.
 */
export type SealState = 'valid' | 'foreign' | 'expired' | 'revoked' | 'entity_missing' | 'below_threshold';

/** `scheme://host[:port]`, or `scheme://*.host[:port]` for every subdomain of host (not host itself). */
export interface SealOrigin {
  scheme: 'https:' | 'http:';
  /** Lower case, punycode, no trailing dot. */
  host: string;
  /** '' for the scheme's default. */
  port: string;
  wildcard: boolean;
}

export type OriginParse = { ok: true; origin: string } | { ok: false; message: string };

/**
 * Checks one origin a seal is bound to and gives it back in its one spelling
 * (`https://Shop.Example:443/` → `https://shop.example`). Refused: other schemes, credentials, a
 * path, query or fragment, a wildcard anywhere but a whole first label, and a wildcard over a public
 * suffix (`*.co.uk`, `*.github.io`: every site under it could show the seal).
 */
export function parseSealOrigin(raw: string): OriginParse {
  if (raw.length === 0 || raw.length > MAX_ORIGIN_CHARS) return refuse(`must be 1 to ${MAX_ORIGIN_CHARS} characters`);
  const wildcard = /^https?:\/\/\*\./i.test(raw);
  // URL would read `*` as part of a host; parse the rest and put the wildcard back.
  const text = wildcard ? raw.replace('*.', '') : raw;
  if (text.includes('*')) return refuse('may hold `*` only as a whole first label (`https://*.example.com`)');
  if (!URL.canParse(text)) return refuse('is not a URL');
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('must be http:// or https://');
  if (url.username !== '' || url.password !== '') return refuse('must not hold a user name or password');
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || /[?#]/.test(text)) return refuse('must be an origin only: no path, query or fragment');
  const host = url.hostname.replace(/\.$/, '');
  if (host === '') return refuse('must name a host');
  const domain = parseDomain(host, { allowPrivateDomains: true });
  if (wildcard) {
    if (domain.isIp) return refuse('cannot put a wildcard over an IP address');
    if (domain.domain === null) return refuse(`cannot put a wildcard over "${host}": it is a public suffix, shared by unrelated sites`);
  }
  return { ok: true, origin: formatOrigin({ scheme: url.protocol, host, port: url.port, wildcard }) };
}

export function formatOrigin(origin: SealOrigin): string {
  return `${origin.scheme}//${origin.wildcard ? '*.' : ''}${origin.host}${origin.port === '' ? '' : `:${origin.port}`}`;
}

/** A bound origin as parseSealOrigin wrote it, read back (it trusts its input). */
function readSealOrigin(bound: string): SealOrigin {
  const wildcard = bound.includes('//*.');
  const url = new URL(bound.replace('//*.', '//'));
  return { scheme: url.protocol as SealOrigin['scheme'], host: url.hostname, port: url.port, wildcard };
}

/**
 * The origin of the page an image request came from, as a Referer (or a ticket) names it, in the
 * form bound origins are written; null when it names no trustworthy web origin: not a URL, another
 * scheme (`file:`, `data:`, `chrome-extension:`), credentials, or an opaque `null`.
 */
export function pageOrigin(referer: string | undefined): string | null {
  if (referer === undefined || referer.length === 0 || referer.length > 4096 || !URL.canParse(referer)) return null;
  const url = new URL(referer);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '') return null;
  const host = url.hostname.replace(/\.$/, '');
  if (host === '' || host.includes('*')) return null;
  return formatOrigin({ scheme: url.protocol, host, port: url.port, wildcard: false });
}

/** Whether `origin` (from pageOrigin) is one of `bound`: the same, or a subdomain of a wildcard's host, scheme and port. */
export function originAllowed(origin: string, bound: readonly string[]): boolean {
  const page = readSealOrigin(origin);
  return bound.some((entry) => {
    const allowed = readSealOrigin(entry);
    if (allowed.scheme !== page.scheme || allowed.port !== page.port) return false;
    return allowed.wildcard ? page.host.endsWith(`.${allowed.host}`) : page.host === allowed.host;
  });
}

/** The bound origin a grey image names: the first, without its scheme (`vendor.example`, `*.vendor.example`). */
export function boundDomain(seal: Pick<Seal, 'origins'>): string {
  const first = seal.origins[0];
  return first === undefined ? '' : first.replace(/^https?:\/\//, '');
}

/** A seal's standing whatever the page: what no origin can fix. `active`: it shows its grade on its own origins. */
export type SealStanding = 'active' | Exclude<SealState, 'valid' | 'foreign'>;

export function sealStanding(seal: Seal, context: { now: Date; score: number | null; trustThreshold: number }): SealStanding {
  if (seal.revokedAt !== null) return 'revoked';
  if (seal.expiresAt !== null && Date.parse(seal.expiresAt) <= context.now.getTime()) return 'expired';
  if (context.score === null) return 'entity_missing';
  if (context.score < context.trustThreshold) return 'below_threshold';
  return 'active';
}

/** The seal's state for a page at `origin` (null: none the service can trust): its standing first, then the origin. */
export function sealState(
  seal: Seal,
  context: { origin: string | null; now: Date; score: number | null; trustThreshold: number },
): SealState {
  const standing = sealStanding(seal, context);
  if (standing !== 'active') return standing;
  return context.origin !== null && originAllowed(context.origin, seal.origins) ? 'valid' : 'foreign';
}

function refuse(message: string): OriginParse {
  return { ok: false, message };
}
