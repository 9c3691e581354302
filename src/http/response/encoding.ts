// Which pre-compressed variant of a badge a client gets, by its Accept-Encoding, through negotiator
// (Express's own content negotiation). Never refuses: a client that accepts nothing gets the body as is.

import Negotiator from 'negotiator';

export type Encoding = 'br' | 'gzip' | null;

/** Brotli first, then gzip, when the client weighs them alike; identity last. */
const PREFERRED = ['br', 'gzip', 'identity'];
/** A longer Accept-Encoding gets the identity body rather than being parsed. */
const MAX_ACCEPT_ENCODING_CHARS = 1024;

/** The best pre-compressed variant of a compressible badge the client accepts, or null for the identity body. */
export function chooseEncoding(acceptEncoding: string | undefined, compressible: boolean): Encoding {
  if (acceptEncoding === undefined || !compressible || acceptEncoding.length > MAX_ACCEPT_ENCODING_CHARS) return null;
  const [best] = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }).encodings(PREFERRED, { preferred: PREFERRED });
  return best === 'br' || best === 'gzip' ? best : null;
}

const ENCODING_SUFFIX = { br: 'br', gzip: 'gz' } as const;

/** A strong ETag per content coding: each coding is its own representation (RFC 9110 §8.8.3). */
export const etagOf = (etag: string, encoding: Encoding): string => (encoding === null ? etag : `${etag.slice(0, -1)}-${ENCODING_SUFFIX[encoding]}"`);

/** Every coding's ETag of one body: a copy validated under one coding is current under all. */
export const etagsOfEveryCoding = (etag: string): string[] => [etag, etagOf(etag, 'br'), etagOf(etag, 'gzip')];
