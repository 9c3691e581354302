// Reads what a user pastes for an entity (a package URL such as `pkg:npm/%40types/node@20`, or the
// entity's page on its registry's site) as a catalogue registry and name. Pure and total: no I/O, no
// lookup (whether the entity exists is the store's question), never throws; input is untrusted, so it
// is bounded and every refusal names the part that is wrong. The readers live in package-url.ts and
// registry-url.ts, what they share in ref-rules.ts; this is the one door to them.

import { parsePackageUrl } from './package-url.js';
import type { PackageUrlParse, RegistryUrlParse } from './ref-rules.js';
import { isRegistrySite, parseRegistryUrl } from './registry-url.js';

export { parsePackageUrl } from './package-url.js';
export { parseRegistryUrl } from './registry-url.js';
export {
  MAX_REF_CHARS,
  REF_PROBLEMS,
  REGISTRY_REFS,
  type PackageUrlParse,
  type QualifiedName,
  type RefProblem,
  type RefRefusal,
  type RegistryRefForms,
  type RegistryUrlParse,
} from './ref-rules.js';

/**
 * What search makes of a query: a package URL (text starting `pkg:`), a web address (starting
 * `http://` or `https://`, or a registry's host such as `github.com/…`), or null for anything else,
 * which the caller reads as a name or prefix. A bare host that names no entity is null too, since it
 * may be the start of a name: Go modules are named `github.com/owner/repo`, so a search given
 * `github.com/gorilla/mux` should run it as a name query as well as looking up this target.
 */
export function parseEntityRef(text: string): PackageUrlParse | RegistryUrlParse | null {
  const input = text.trim();
  if (/^pkg:/i.test(input)) return parsePackageUrl(input);
  if (/^https?:\/\//i.test(input)) return parseRegistryUrl(input);
  const host = /^([^/?#\s]+)\//.exec(input)?.[1];
  if (host === undefined || !isRegistrySite(host)) return null;
  const parsed = parseRegistryUrl(input);
  return parsed.ok ? parsed : null;
}
