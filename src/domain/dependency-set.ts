// A dependency set (POST /v1/sets): the packages of a project, as package URLs without versions (a
// score is per package, so a version bump keeps the set's id and its badge URL), each once, in
// order, addressed by the hash of that content: the same packages, the same id.

import type { FieldProblem } from './errors.js';
import { parsePackageUrl, withoutVersion } from './package-url.js';

export const MAX_SET_PURLS = 5_000;
/** Sets nobody asked for (badge, page, JSON or a new POST of the same packages) in this many days are dropped. */
export const SET_RETENTION_DAYS = 90;
/** 22 base64url characters: 132 bits of SHA-256. */
export const SET_ID = /^[A-Za-z0-9_-]{22}$/;

export type SetPurlsRead = { ok: true; purls: string[] } | { ok: false; errors: FieldProblem[] };

/**
 * Each a package URL: canonical and without its version when the catalogue maps its type; a type
 * it does not map is kept as given (without version), to show as unsupported. Anything else is
 * refused, naming each item (at most the first ten).
 */
export function readSetPurls(values: readonly string[]): SetPurlsRead {
  const purls = new Set<string>();
  const errors: FieldProblem[] = [];
  values.forEach((value, i) => {
    const parsed = parsePackageUrl(value);
    if (parsed.ok) purls.add(withoutVersion(parsed.purl));
    else if (parsed.problem === 'unsupported') purls.add(withoutVersion(value.trim()));
    else if (errors.length < 10) errors.push({ in: 'body', name: `purls[${i}]`, detail: parsed.reason });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, purls: [...purls].sort() };
}

