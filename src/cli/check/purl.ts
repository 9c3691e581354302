// Package URLs (github.com/package-url/purl-spec) as the dependency readers write them: each type's
// normalisation, each segment percent-encoded. Builds and splits strings only; never checks a registry.

/** The parts of a package URL that name a package version; qualifiers and subpath are left out. */
export interface PurlParts {
  type: string;
  namespace: string | null;
  name: string;
  version: string | null;
}

/**
 * The canonical package URL for a package: `formatPurl('npm', '@types', 'node', '20.1.0')` is
 * `pkg:npm/%40types/node@20.1.0`. A golang name given without a namespace is split at its last `/`
 * (`github.com/gorilla/mux` → namespace `github.com/gorilla`, name `mux`); pypi names take the purl
 * spec's form (`Flask_SQLAlchemy` → `flask-sqlalchemy`); github owner and repository are lowercased.
 */
export function formatPurl(type: string, namespace: string | null, name: string, version: string | null): string {
  const purlType = type.toLowerCase();
  let segments = [...(namespace === null || namespace === '' ? [] : namespace.split('/')), ...(purlType === 'golang' && namespace === null ? name.split('/') : [name])];
  segments = segments.filter((segment) => segment !== '');
  const normalise = NORMALISE[purlType];
  if (normalise !== undefined) segments = segments.map(normalise);
  const path = segments.map(encodeSegment).join('/');
  return version === null || version === '' ? `pkg:${purlType}/${path}` : `pkg:${purlType}/${path}@${encodeSegment(version)}`;
}

/** A package URL's type, namespace, name and version, decoded; null when the text is not one. */
export function splitPurl(text: string): PurlParts | null {
  let rest = text.trim();
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) rest = rest.slice(0, hashAt);
  const questionAt = rest.indexOf('?');
  if (questionAt >= 0) rest = rest.slice(0, questionAt);
  if (!/^pkg:/i.test(rest)) return null;
  rest = rest.slice(4).replace(/^\/+/, '');
  const typeEnd = rest.indexOf('/');
  if (typeEnd <= 0) return null;
  const type = rest.slice(0, typeEnd).toLowerCase();
  rest = rest.slice(typeEnd + 1).replace(/\/+$/, '');
  // The version's "@" is the last one after the last "/": an npm scope's "@" may be left unencoded.
  let version: string | null = null;
  const atAt = rest.lastIndexOf('@');
  if (atAt > rest.lastIndexOf('/')) {
    const decoded = decodeSegment(rest.slice(atAt + 1));
    if (decoded === null) return null;
    version = decoded === '' ? null : decoded;
    rest = rest.slice(0, atAt);
  }
  const segments: string[] = [];
  for (const raw of rest.split('/')) {
    const segment = decodeSegment(raw);
    if (segment === null) return null;
    if (segment !== '') segments.push(segment);
  }
  const name = segments.pop();
  if (name === undefined) return null;
  return { type, namespace: segments.length === 0 ? null : segments.join('/'), name, version };
}

/**
 * The purl spec's pypi rule: lowercased, `_` read as `-` (the server's parsePackageUrl applies the
 * same). Dots stay: the catalogue names `zope.interface` so, and PEP 503's fuller folding of runs
 * of `-_.` would ask it for `zope-interface`, a name it does not hold.
 */
export function normalisePypiName(name: string): string {
  return name.toLowerCase().replaceAll('_', '-');
}

const NORMALISE: Readonly<Record<string, (segment: string) => string>> = Object.freeze({
  pypi: normalisePypiName,
  github: (segment: string) => segment.toLowerCase(),
});

/** Everything but letters, digits, `.-_~` and `:` is percent-encoded (the spec's "Character encoding"). */
function encodeSegment(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%3A', ':');
}

function decodeSegment(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
