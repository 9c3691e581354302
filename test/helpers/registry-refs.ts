// A catalogue target written as users paste it: its package URL and its page on the registry's
// site, spelled as the sites and the purl spec spell them (the inverse of src/domain/package-ref.ts).

import { REGISTRY_REFS, type QualifiedName } from '../../src/domain/package-ref.js';

/** Catalogue registry → its purl type, from the parser's one table. */
export const PURL_TYPE_OF = new Map(REGISTRY_REFS.flatMap((row) => (row.purlType === null ? [] : [[row.registry, row.purlType] as const])));

/** A purl for a catalogue target, built the way the spec says (independently of the parser). */
export function purlOf({ registry, name }: QualifiedName, version: string | null = null): string | null {
  const type = PURL_TYPE_OF.get(registry);
  if (type === undefined) return null;
  const encode = (segment: string) => encodeURIComponent(segment);
  let segments = name.split('/');
  if (registry === 'maven') {
    const colon = name.indexOf(':');
    if (colon < 0) return null; // a bare artifact: maven purls need the group
    segments = [name.slice(0, colon), name.slice(colon + 1)];
  }
  if (registry === 'packagist' && segments.length !== 2) return null; // composer purls need the vendor
  if (registry === 'docker' && segments[0] === 'library' && segments.length === 2) segments = segments.slice(1);
  return `pkg:${type}/${segments.map(encode).join('/')}${version === null ? '' : `@${encode(version)}`}`;
}

/** The entity's page on its registry's site, as the catalogue's source URLs and the sites spell it. */
export function urlOf({ registry, name }: QualifiedName): string | null {
  const path = name.split('/').map(encodeURIComponent).join('/');
  const [group, artifact] = name.split(':');
  switch (registry) {
    case 'npm': return `https://www.npmjs.com/package/${path}`;
    case 'github': return `https://github.com/${path}`;
    case 'pypi': return `https://pypi.org/project/${path}/`;
    case 'huggingface': return `https://huggingface.co/${path}`;
    case 'docker': return name.startsWith('library/') ? `https://hub.docker.com/_/${path.slice(8)}` : `https://hub.docker.com/r/${path}`;
    case 'maven': return artifact === undefined ? null : `https://central.sonatype.com/artifact/${group}/${artifact}`;
    case 'crates': return `https://crates.io/crates/${path}`;
    case 'go': return `https://pkg.go.dev/${path}`;
    case 'nuget': return `https://www.nuget.org/packages/${path}`;
    case 'rubygems': return `https://rubygems.org/gems/${path}`;
    case 'packagist': return name.includes('/') ? `https://packagist.org/packages/${path}` : null;
    case 'cran': return `https://cran.r-project.org/package=${path}`;
    case 'conda': return `https://anaconda.org/conda-forge/${path}`;
    case 'cocoapods': return `https://cocoapods.org/pods/${path}`;
    case 'pub': return `https://pub.dev/packages/${path}`;
    case 'hex': return `https://hex.pm/packages/${path}`;
    default: return null; // web and pulsemcp entities have no address of their own
  }
}

