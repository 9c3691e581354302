// An entity's page on its registry's site as a catalogue target: per site, which path segments
// name the entity (and a version), and which first segments are the site's own pages.

import { checkInput, checkTarget, decode, quote, refuse, type RefRefusal, type RegistryUrlParse } from './ref-rules.js';

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


/** Whether a host (as typed, without scheme) is a catalogue registry's site. */
export function isRegistrySite(host: string): boolean {
  return SITES.has(siteOf(host.toLowerCase()));
}
