// Reads what a user pastes for an entity (a package URL such as `pkg:npm/%40types/node@20`, or the
// entity's page on its registry's site) as a catalogue registry and name. Pure and total: no I/O, no
// lookup (whether the entity exists is the store's question), never throws; input is untrusted, so it
// is bounded and every refusal names the part that is wrong.

import { LIMITS } from './entity-record.js';
import { parseTarget } from './target.js';
import { NAME_RULE, describeTextProblem, findNameProblem } from './text-rules.js';

/** Longest reference read, in UTF-16 units after trimming: the longest source URL a record may hold. */
export const MAX_REF_CHARS = LIMITS.sourceUrlChars;

/** `invalid`: malformed, or names no entity; `unsupported`: well formed, but for a registry the catalogue lacks. */
export const REF_PROBLEMS = ['invalid', 'unsupported'] as const;
export type RefProblem = (typeof REF_PROBLEMS)[number];

export interface QualifiedName {
  registry: string;
  name: string;
}

export interface RefRefusal {
  ok: false;
  problem: RefProblem;
  /** A sentence for people: which part is wrong and why. */
  reason: string;
}

export type RegistryUrlParse = { ok: true; target: QualifiedName; version: string | null } | RefRefusal;
export type PackageUrlParse = { ok: true; target: QualifiedName; version: string | null; purl: string } | RefRefusal;

export interface RegistryRefForms {
  registry: string;
  /** The package URL type naming this registry's packages, or null when the spec has none. */
  purlType: string | null;
  /** The web addresses read (https:// and www. optional; deeper pages, query and fragment ignored). */
  urlForms: readonly string[];
}

/** Every catalogue registry, the purl type mapped to it and the addresses read: docs/registries.md shows this table. */
export const REGISTRY_REFS: readonly RegistryRefForms[] = Object.freeze(
  [
    { registry: 'npm', purlType: 'npm', urlForms: ['npmjs.com/package/{name}', 'npmjs.com/package/@{scope}/{name}'] },
    { registry: 'github', purlType: 'github', urlForms: ['github.com/{owner}/{repo}'] },
    { registry: 'pypi', purlType: 'pypi', urlForms: ['pypi.org/project/{name}'] },
    { registry: 'huggingface', purlType: 'huggingface', urlForms: ['huggingface.co/{owner}/{model}', 'huggingface.co/datasets/{owner}/{dataset}'] },
    { registry: 'docker', purlType: 'docker', urlForms: ['hub.docker.com/r/{namespace}/{image}', 'hub.docker.com/_/{image}'] },
    { registry: 'maven', purlType: 'maven', urlForms: ['central.sonatype.com/artifact/{group}/{artifact}', 'mvnrepository.com/artifact/{group}/{artifact}'] },
    { registry: 'crates', purlType: 'cargo', urlForms: ['crates.io/crates/{name}'] },
    { registry: 'go', purlType: 'golang', urlForms: ['pkg.go.dev/{module}'] },
    { registry: 'nuget', purlType: 'nuget', urlForms: ['nuget.org/packages/{name}'] },
    { registry: 'rubygems', purlType: 'gem', urlForms: ['rubygems.org/gems/{name}'] },
    { registry: 'packagist', purlType: 'composer', urlForms: ['packagist.org/packages/{vendor}/{name}'] },
    { registry: 'web', purlType: null, urlForms: [] },
    { registry: 'cran', purlType: 'cran', urlForms: ['cran.r-project.org/package={name}', 'cran.r-project.org/web/packages/{name}'] },
    { registry: 'conda', purlType: 'conda', urlForms: ['anaconda.org/{channel}/{name}'] },
    { registry: 'cocoapods', purlType: 'cocoapods', urlForms: ['cocoapods.org/pods/{name}'] },
    { registry: 'pub', purlType: 'pub', urlForms: ['pub.dev/packages/{name}'] },
    { registry: 'hex', purlType: 'hex', urlForms: ['hex.pm/packages/{name}'] },
    { registry: 'pulsemcp', purlType: null, urlForms: [] },
  ].map((row) => Object.freeze({ ...row, urlForms: Object.freeze(row.urlForms) })),
);

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

/**
 * A pasted web address of an entity on its registry's site (REGISTRY_REFS' urlForms) as a target;
 * `https://` may be left out. Only http and https, without user name or password; a version in the
 * path (`npmjs.com/package/sharp/v/0.33.0`, `pypi.org/project/torch/2.3.0/`) comes back as `version`.
 * Names keep the address's spelling, percent-decoded (lookups fold case). An address on no
 * registry's site is `unsupported`; one on a registry's site naming no entity is `invalid`.
 */
export function parseRegistryUrl(text: string): RegistryUrlParse {
  const input = checkInput(text, 'address');
  if (typeof input !== 'string') return input;
  const scheme = /^([a-z][a-z0-9+.-]*):(?!\d)/i.exec(input)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return refuse('invalid', `only http and https addresses are read, not ${scheme}:`);
  let url: URL;
  try {
    url = new URL(scheme === undefined ? `https://${input}` : input);
  } catch {
    return refuse('invalid', `${quote(input)} is not a web address`);
  }
  if (url.username !== '' || url.password !== '') return refuse('invalid', 'the address must not carry a user name or password');
  const site = url.port === '' ? SITES.get(siteOf(url.hostname)) : undefined;
  if (site === undefined) return refuse('unsupported', `${url.host} is not the site of a catalogue registry`);
  const path = decode(url.pathname, 'path');
  if (typeof path !== 'string') return path;
  const read = site.read(path.split('/').filter((segment) => segment !== ''));
  if ('ok' in read) return read;
  const target = checkTarget(site.registry, read.name);
  return 'ok' in target ? target : { ok: true, target, version: read.version };
}

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
  if (host === undefined || !SITES.has(siteOf(host.toLowerCase()))) return null;
  const parsed = parseRegistryUrl(input);
  return parsed.ok ? parsed : null;
}

// ---- Package URLs -------------------------------------------------------------------------------

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

// ---- Registry web addresses ---------------------------------------------------------------------

type Path = readonly string[];
type UrlRead = { name: string; version: string | null } | RefRefusal;

interface Site {
  registry: string;
  read: (path: Path) => UrlRead;
}

const found = (name: string, version: string | null = null): UrlRead => ({ name, version });
const versionLike = (segment: string | undefined): string | null => (segment !== undefined && /^v?\d/.test(segment) ? segment : null);
const namesNothing = (form: string): RefRefusal => refuse('invalid', `this address names no entity; the catalogue reads ${form}`);

/** `{host}/{prefix…}/{names segments}` and, when the next segment looks like one (or follows `versionMark`), a version. */
function readAfter(host: string, prefix: string, names: number, options: { join?: string; versionMark?: string } = {}) {
  const form = `${host}/${prefix}/${Array.from({ length: names }, () => '{name}').join('/')}`;
  return (path: Path): UrlRead => {
    const start = prefix.split('/').length;
    if (path.slice(0, start).join('/') !== prefix || path.length < start + names) return namesNothing(form);
    const tail = path.slice(start + names);
    const version = options.versionMark === undefined ? versionLike(tail[0]) : tail[0] === options.versionMark ? (tail[1] ?? null) : null;
    return found(path.slice(start, start + names).join(options.join ?? '/'), version);
  };
}

/** First segments that are GitHub's own pages, never an owner. */
const GITHUB_PAGES = new Set(['about', 'apps', 'collections', 'enterprise', 'explore', 'features', 'login', 'marketplace', 'notifications', 'orgs', 'organizations', 'pricing', 'search', 'settings', 'sponsors', 'topics', 'trending']);

function readGithub([owner, repo]: Path): UrlRead {
  if (owner === undefined || repo === undefined || GITHUB_PAGES.has(owner.toLowerCase())) return namesNothing('github.com/{owner}/{repo}');
  return found(`${owner}/${repo.replace(/\.git$/i, '')}`);
}

function readNpm(path: Path): UrlRead {
  const size = path[1]?.startsWith('@') ? 2 : 1;
  if (path[0] !== 'package' || path.length < 1 + size) return namesNothing('npmjs.com/package/{name} or npmjs.com/package/@{scope}/{name}');
  const tail = path.slice(1 + size);
  return found(path.slice(1, 1 + size).join('/'), tail[0] === 'v' ? (tail[1] ?? null) : null);
}

/** First segments that are Hugging Face's own pages; a model may have no owner (`huggingface.co/gpt2`). */
const HUGGINGFACE_PAGES = new Set(['spaces', 'models', 'docs', 'blog', 'papers', 'collections', 'organizations', 'settings', 'login', 'join', 'pricing', 'posts', 'tasks', 'learn', 'api', 'new', 'enterprise', 'chat']);
const HUGGINGFACE_REPO_PAGES = new Set(['tree', 'blob', 'resolve', 'raw', 'commits', 'commit', 'discussions', 'edit']);

function readHuggingface(path: Path): UrlRead {
  const rest = path[0] === 'datasets' ? path.slice(1) : path;
  const [first, second] = rest;
  if (first === undefined || (rest === path && HUGGINGFACE_PAGES.has(first))) return namesNothing('huggingface.co/{owner}/{model} or huggingface.co/datasets/{owner}/{dataset}');
  const ownerless = second === undefined || (HUGGINGFACE_REPO_PAGES.has(second) && rest.length > 2);
  return found(ownerless ? first : `${first}/${second}`);
}

function readDocker([kind, first, second, third]: Path): UrlRead {
  if (kind === '_' && first !== undefined) return found(`library/${first}`);
  if (kind === 'r' && first !== undefined) return found(second === undefined ? `library/${first}` : `${first}/${second}`);
  if (kind === 'repository' && first === 'docker' && second !== undefined && third !== undefined) return found(`${second}/${third}`);
  return namesNothing('hub.docker.com/r/{namespace}/{image} or hub.docker.com/_/{image}');
}

/** Hosts whose module paths have a fixed length; elsewhere a path's module cannot be told from its packages. */
const GO_MODULE_SEGMENTS: ReadonlyMap<string, number> = new Map([
  ['github.com', 3], ['gitlab.com', 3], ['bitbucket.org', 3], ['golang.org', 3], ['gopkg.in', 2], ['google.golang.org', 2],
]);

function readGo(path: Path): UrlRead {
  // The module's version follows it (pkg.go.dev/golang.org/x/net@v0.1.0/html): "@" marks where it ends.
  const versioned = path.findIndex((segment) => segment.includes('@'));
  if (versioned >= 0) {
    const [last, version] = path[versioned]!.split('@', 2) as [string, string];
    return found([...path.slice(0, versioned), last].join('/'), version === '' ? null : version);
  }
  const host = path[0];
  if (host === undefined || !host.includes('.')) return namesNothing('pkg.go.dev/{module} (a module path starts with a host, as github.com/owner/repo)');
  const fixed = GO_MODULE_SEGMENTS.get(host);
  const size = fixed === undefined ? path.length : fixed + (/^v\d+$/.test(path[fixed] ?? '') ? 1 : 0);
  return found(path.slice(0, size).join('/'));
}

/** hex.pm/packages/{name}/{version}, or an organisation's hex.pm/packages/{organisation}/{name}/{version}. */
function readHex(path: Path): UrlRead {
  const [page, first, second, third] = path;
  if (page !== 'packages' || first === undefined) return namesNothing('hex.pm/packages/{name}');
  if (second === undefined || second === 'versions' || versionLike(second) !== null) return found(first, versionLike(second));
  return found(`${first}/${second}`, versionLike(third));
}

function readCran(path: Path): UrlRead {
  const [first, second, third] = path;
  if (first?.startsWith('package=') && first.length > 8) return found(first.slice(8));
  if (first === 'web' && second === 'packages' && third !== undefined) return found(third);
  return namesNothing('cran.r-project.org/package={name} or cran.r-project.org/web/packages/{name}');
}

/** The catalogue names a conda package without its channel. */
function readAnaconda([channel, name]: Path): UrlRead {
  return channel === undefined || name === undefined ? namesNothing('anaconda.org/{channel}/{name}') : found(name);
}

const maven = (host: string): Site => ({ registry: 'maven', read: readAfter(host, 'artifact', 2, { join: ':' }) });

const SITES: ReadonlyMap<string, Site> = new Map([
  ['github.com', { registry: 'github', read: readGithub }],
  ['npmjs.com', { registry: 'npm', read: readNpm }],
  ['npmjs.org', { registry: 'npm', read: readNpm }],
  ['pypi.org', { registry: 'pypi', read: readAfter('pypi.org', 'project', 1) }],
  ['pypi.python.org', { registry: 'pypi', read: readAfter('pypi.python.org', 'pypi', 1) }],
  ['huggingface.co', { registry: 'huggingface', read: readHuggingface }],
  ['hf.co', { registry: 'huggingface', read: readHuggingface }],
  ['hub.docker.com', { registry: 'docker', read: readDocker }],
  ['central.sonatype.com', maven('central.sonatype.com')],
  ['mvnrepository.com', maven('mvnrepository.com')],
  ['search.maven.org', maven('search.maven.org')],
  ['crates.io', { registry: 'crates', read: readAfter('crates.io', 'crates', 1) }],
  ['pkg.go.dev', { registry: 'go', read: readGo }],
  ['nuget.org', { registry: 'nuget', read: readAfter('nuget.org', 'packages', 1) }],
  ['rubygems.org', { registry: 'rubygems', read: readAfter('rubygems.org', 'gems', 1, { versionMark: 'versions' }) }],
  ['packagist.org', { registry: 'packagist', read: readAfter('packagist.org', 'packages', 2) }],
  ['cran.r-project.org', { registry: 'cran', read: readCran }],
  ['cloud.r-project.org', { registry: 'cran', read: readCran }],
  ['anaconda.org', { registry: 'conda', read: readAnaconda }],
  ['cocoapods.org', { registry: 'cocoapods', read: readAfter('cocoapods.org', 'pods', 1) }],
  ['pub.dev', { registry: 'pub', read: readAfter('pub.dev', 'packages', 1, { versionMark: 'versions' }) }],
  ['hex.pm', { registry: 'hex', read: readHex }],
]);

/** The site a host name belongs to: `www.` and a final "." are the same site. */
function siteOf(hostname: string): string {
  return hostname.replace(/\.$/, '').replace(/^www\./, '');
}

// ---- Shared -------------------------------------------------------------------------------------

function refuse(problem: RefProblem, reason: string): RefRefusal {
  return { ok: false, problem, reason };
}

/** The trimmed text, or why it cannot be read at all. */
function checkInput(text: string, what: string): string | RefRefusal {
  const input = text.trim();
  if (input === '') return refuse('invalid', `the ${what} is empty`);
  if (input.length > MAX_REF_CHARS) return refuse('invalid', `the ${what} is ${input.length} characters long; at most ${MAX_REF_CHARS} are read`);
  const problem = describeTextProblem(input);
  return problem === null ? input : refuse('invalid', `the ${what} ${problem}`);
}

function decode(text: string, part: string): string | RefRefusal {
  try {
    return decodeURIComponent(text);
  } catch {
    return refuse('invalid', `the ${part} ${quote(text)} is badly percent-encoded: "%" must start a %XX sequence of UTF-8 bytes`);
  }
}

/** The name as the catalogue keeps it (NFC), when it is one: the rules every target passes (target.ts). */
function checkTarget(registry: string, name: string): QualifiedName | RefRefusal {
  const nfc = name.normalize('NFC');
  const length = [...nfc].length;
  if (length > LIMITS.nameChars) return refuse('invalid', `the name is ${length} characters long; catalogue names have at most ${LIMITS.nameChars}`);
  const textProblem = describeTextProblem(nfc);
  if (textProblem !== null) return refuse('invalid', `the name ${quote(nfc)} ${textProblem}`);
  if (findNameProblem(nfc) !== null) return refuse('invalid', `the name ${quote(nfc)} ${NAME_RULE}`);
  const parsed = parseTarget(`${registry}/${nfc}`);
  return parsed.ok ? { registry, name: nfc } : refuse('invalid', `the name ${quote(nfc)} is not a catalogue name: ${parsed.message}`);
}

/** Echoed input, bounded and with control characters escaped, for a reason sentence. */
function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}…` : text);
}
