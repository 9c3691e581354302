// Package URLs (github.com/package-url/purl-spec) as catalogue targets: the spec's parsing and
// building steps, and per type its namespace rules and normalisation (PURL_RULES).

import { checkTarget, decode, checkInput, quote, refuse, REGISTRY_REFS, type PackageUrlParse, type RefRefusal } from './ref-rules.js';

/**
 * A package URL (github.com/package-url/purl-spec) as a catalogue target. Surrounding white space is
 * ignored. The target keeps the name as the purl spells it, percent-decoded (lookups fold case); the
 * namespace joins it as the catalogue does (`@scope/name`, maven `group:artifact`, docker `library/`
 * for an official image). `version` is the purl's, decoded; qualifiers and subpath never change the
 * target. `purl` is the canonical form: type lowercased, the type's own normalisation applied
 * (pypi `Foo_Bar` → `foo-bar`, github lowercased), qualifiers sorted, each part percent-encoded.
 * A well-formed purl of a type no catalogue registry has is `unsupported`, naming the type.
 */
export function parsePackageUrl(text: string): PackageUrlParse {
  const input = checkInput(text, 'package URL');
  if (typeof input !== 'string') return input;
  const parts = splitPackageUrl(input);
  if ('ok' in parts) return parts;
  const rule = PURL_RULES[parts.type];
  const registry = REGISTRY_OF_PURL_TYPE.get(parts.type);
  if (rule === undefined || registry === undefined) {
    return refuse('unsupported', `the catalogue has no registry for package URL type "${parts.type}" (it has ${[...REGISTRY_OF_PURL_TYPE.keys()].join(', ')})`);
  }
  const namespaceProblem = describeNamespaceProblem(parts.type, rule, parts.namespace);
  if (namespaceProblem !== null) return refuse('invalid', namespaceProblem);
  const name = rule.name?.(parts.namespace, parts.name) ?? [...parts.namespace, parts.name].join('/');
  if (typeof name !== 'string') return name;
  const target = checkTarget(registry, name);
  if ('ok' in target) return target;
  return { ok: true, target, version: parts.version, purl: canonicalPurl(parts, rule) };
}

interface PurlParts {
  type: string;
  namespace: string[];
  name: string;
  version: string | null;
  qualifiers: [key: string, value: string][];
  subpath: string[];
}

interface PurlRule {
  /** How many namespace segments the type takes, fewest and most, and what they are called. */
  namespace: readonly [fewest: number, most: number, meaning?: string];
  /** The spec's normalisation of namespace segments and name: for the canonical string only. */
  normalise?: (segment: string) => string;
  normaliseVersion?: (version: string) => string;
  /** The catalogue's name, when it is not namespace and name joined by `/`. */
  name?: (namespace: readonly string[], name: string) => string | RefRefusal;
}

const lower = (segment: string): string => segment.toLowerCase();
const NO_NAMESPACE = [0, 0] as const;
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** Per type, from the spec's type definitions (types/*-definition.json). */
const PURL_RULES: Readonly<Record<string, PurlRule>> = Object.freeze({
  npm: {
    namespace: [0, 1, 'the @scope'],
    name: (namespace, name) =>
      namespace[0] === undefined ? name : /^@./.test(namespace[0]) ? `${namespace[0]}/${name}` : refuse('invalid', `the npm namespace ${quote(namespace[0])} must be a scope starting with "@" (written %40)`),
  },
  pypi: { namespace: NO_NAMESPACE, normalise: (segment) => segment.toLowerCase().replaceAll('_', '-') },
  cargo: { namespace: NO_NAMESPACE },
  maven: { namespace: [1, 1, 'the groupId'], name: (namespace, name) => `${namespace[0]}:${name}` },
  golang: { namespace: [1, Infinity, 'the module path before its last element'] },
  gem: { namespace: NO_NAMESPACE },
  nuget: { namespace: NO_NAMESPACE },
  docker: {
    namespace: [0, Infinity, 'the image namespace'],
    // Docker Hub's own host adds nothing; an image without a namespace is an official (`library/`) one.
    name: (namespace, name) => {
      const path = DOCKER_HUB_HOSTS.has(namespace[0]?.toLowerCase() ?? '') ? namespace.slice(1) : namespace;
      return [...(path.length === 0 ? ['library'] : path), name].join('/');
    },
  },
  github: { namespace: [1, 1, 'the owner'], normalise: lower },
  huggingface: { namespace: [0, 1, 'the owner'], normaliseVersion: lower },
  composer: { namespace: [1, 1, 'the vendor'], normalise: lower },
  pub: { namespace: NO_NAMESPACE, normalise: (segment) => segment.toLowerCase().replace(/[^a-z0-9_]/g, '_') },
  hex: { namespace: [0, 1, 'the organisation'], normalise: lower },
  cran: { namespace: NO_NAMESPACE },
  conda: { namespace: NO_NAMESPACE },
  cocoapods: { namespace: NO_NAMESPACE },
});

const REGISTRY_OF_PURL_TYPE: ReadonlyMap<string, string> = new Map(
  REGISTRY_REFS.flatMap((row) => (row.purlType === null ? [] : [[row.purlType, row.registry] as const])),
);

const TYPE_PATTERN = /^[a-z][a-z0-9.-]*$/i;
const QUALIFIER_KEY_PATTERN = /^[a-z][a-z0-9._-]*$/;

/** The spec's parsing steps (docs/specification/how-to-parse.md), right to left: subpath, qualifiers, scheme, type, version, name, namespace. */
function splitPackageUrl(text: string): PurlParts | RefRefusal {
  let rest = text;
  const hashAt = rest.lastIndexOf('#');
  const subpath = hashAt < 0 ? [] : decodeSegments(rest.slice(hashAt + 1), 'subpath');
  if ('ok' in subpath) return subpath;
  if (hashAt >= 0) rest = rest.slice(0, hashAt);
  const questionAt = rest.lastIndexOf('?');
  const qualifiers = questionAt < 0 ? [] : splitQualifiers(rest.slice(questionAt + 1));
  if ('ok' in qualifiers) return qualifiers;
  if (questionAt >= 0) rest = rest.slice(0, questionAt);

  if (!/^pkg:/i.test(rest)) return refuse('invalid', 'a package URL starts with "pkg:"');
  rest = rest.slice(4).replace(/^\/+/, '');
  const typeEnd = rest.indexOf('/');
  if (typeEnd < 0) return refuse('invalid', `a package URL names a type and a package, as pkg:type/name; ${rest === '' ? 'this one has neither' : `${quote(rest)} has no name`}`);
  const type = rest.slice(0, typeEnd);
  if (!TYPE_PATTERN.test(type)) return refuse('invalid', `the package URL type ${quote(type)} must start with a letter and hold only letters, digits, "." and "-"`);
  rest = rest.slice(typeEnd + 1).replace(/\/+$/, '');

  // The version's "@" is the last one after the last "/": an npm scope's "@" may be left unencoded.
  let version: string | null = null;
  const atAt = rest.lastIndexOf('@');
  if (atAt > rest.lastIndexOf('/')) {
    const decoded = decode(rest.slice(atAt + 1), 'version');
    if (typeof decoded !== 'string') return decoded;
    version = decoded === '' ? null : decoded;
    rest = rest.slice(0, atAt).replace(/\/+$/, '');
  }
  const nameAt = rest.lastIndexOf('/');
  const rawName = rest.slice(nameAt + 1);
  if (rawName === '') return refuse('invalid', `the package URL has no name after its type "${type}"`);
  const name = decode(rawName, 'name');
  if (typeof name !== 'string') return name;
  if (name.includes('/')) return refuse('invalid', `the name ${quote(rawName)} must not hold an encoded "/" (%2F)`);
  const namespace = nameAt < 0 ? [] : decodeSegments(rest.slice(0, nameAt), 'namespace');
  if ('ok' in namespace) return namespace;
  return { type: type.toLowerCase(), namespace, name, version, qualifiers, subpath };
}

/** Segments split on "/", each decoded; empty ones dropped (and "." and "..", which the subpath also drops). */
function decodeSegments(text: string, part: 'namespace' | 'subpath'): string[] | RefRefusal {
  const segments: string[] = [];
  for (const raw of text.split('/')) {
    const segment = decode(raw, part);
    if (typeof segment !== 'string') return segment;
    if (segment.includes('/')) return refuse('invalid', `the ${part} segment ${quote(raw)} must not hold an encoded "/" (%2F)`);
    if (segment !== '' && (part === 'namespace' || (segment !== '.' && segment !== '..'))) segments.push(segment);
  }
  return segments;
}

function splitQualifiers(text: string): [string, string][] | RefRefusal {
  const qualifiers: [string, string][] = [];
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equalsAt = pair.indexOf('=');
    const key = (equalsAt < 0 ? pair : pair.slice(0, equalsAt)).toLowerCase();
    if (!QUALIFIER_KEY_PATTERN.test(key)) return refuse('invalid', `the qualifier key ${quote(key)} must start with a letter and hold only letters, digits, ".", "-" and "_"`);
    const value = decode(equalsAt < 0 ? '' : pair.slice(equalsAt + 1), `value of qualifier "${key}"`);
    if (typeof value !== 'string') return value;
    if (value === '') continue;
    if (qualifiers.some(([seen]) => seen === key)) return refuse('invalid', `the qualifier "${key}" appears twice`);
    qualifiers.push([key, value]);
  }
  return qualifiers;
}

function describeNamespaceProblem(type: string, rule: PurlRule, namespace: readonly string[]): string | null {
  const [fewest, most, meaning] = rule.namespace;
  if (namespace.length >= fewest && namespace.length <= most) return null;
  if (most === 0) return `${type} package URLs take no namespace, but this one has ${quote(namespace.join('/'))}`;
  if (namespace.length < fewest) return `${type} package URLs need a namespace (${meaning}) before the name`;
  return `${type} package URLs take one namespace segment (${meaning}), but this one has ${quote(namespace.join('/'))}`;
}

/** The spec's building steps (docs/specification/how-to-build.md). */
function canonicalPurl(parts: PurlParts, rule: PurlRule): string {
  const normalise = rule.normalise ?? ((segment: string) => segment);
  const path = [...parts.namespace, parts.name].map((segment) => encodePurl(normalise(segment))).join('/');
  const version = parts.version === null ? '' : `@${encodePurl(rule.normaliseVersion?.(parts.version) ?? parts.version)}`;
  const sorted = [...parts.qualifiers].sort(([a], [b]) => (a < b ? -1 : 1));
  const qualifiers = sorted.length === 0 ? '' : `?${sorted.map(([key, value]) => `${key}=${encodePurl(value)}`).join('&')}`;
  const subpath = parts.subpath.length === 0 ? '' : `#${parts.subpath.map(encodePurl).join('/')}`;
  return `pkg:${parts.type}/${path}${version}${qualifiers}${subpath}`;
}

/** Everything but letters, digits, ".-_~" and ":" is percent-encoded (the spec's "Character encoding"). */
function encodePurl(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%3A', ':');
}

/** A package URL up to its version (an `@` after the last `/`), qualifiers and subpath dropped: the package, not a release of it. */
export function withoutVersion(purl: string): string {
  const plain = purl.replace(/[?#].*$/, '');
  const at = plain.lastIndexOf('@');
  return at > plain.lastIndexOf('/') ? plain.slice(0, at) : plain;
}

/** Past this many `-` in a pypi name, its spellings are not tried (3 ** 4 = 81 keys at most). */
const MAX_PYPI_SEPARATORS = 4;

/**
 * The spellings a pypi name may have in the catalogue besides the purl's: the purl spec writes
 * `_` as `-`, and PyPI treats `-`, `_` and `.` alike (PEP 503), so `pkg:pypi/typing-extensions`
 * names a package the catalogue may list as `typing_extensions`. Each `-` as any of the three.
 */
export function pypiSpellings(name: string): string[] {
  const parts = name.split('-');
  if (parts.length === 1 || parts.length - 1 > MAX_PYPI_SEPARATORS) return [];
  let spellings = [parts[0]!];
  for (const part of parts.slice(1)) spellings = spellings.flatMap((head) => ['-', '_', '.'].map((separator) => `${head}${separator}${part}`));
  return spellings.filter((spelling) => spelling !== name);
}
