// CycloneDX JSON and SPDX 2.x JSON SBOMs: each component's or package's purl, re-canonicalised without
// qualifiers. `direct` comes from the dependency graph around the described root, when the SBOM has one.

import { InputError, type Dependency } from '../check-report.js';
import { formatPurl, splitPurl } from '../purl.js';
import { elementsOf, lineOf, memberOf, parseJson, stringOf, type ValueNode } from './json-source.js';

/** SPDX relationship types saying the element depends on the related one, and the reverse ones. */
const DEPENDS_ON = new Set(['DEPENDS_ON']);
const DEPENDENCY_OF = new Set(['DEPENDENCY_OF', 'DEV_DEPENDENCY_OF', 'OPTIONAL_DEPENDENCY_OF', 'BUILD_DEPENDENCY_OF', 'RUNTIME_DEPENDENCY_OF', 'TEST_DEPENDENCY_OF', 'PROVIDED_DEPENDENCY_OF']);

export function readCycloneDx(file: string, text: string): Dependency[] {
  const root = parseJson(file, text, 'CycloneDX SBOM');
  if (stringOf(memberOf(root, 'bomFormat')) !== 'CycloneDX') throw new InputError('has no "bomFormat": "CycloneDX", so it is not a CycloneDX SBOM', file, lineOf(root));
  const rootRef = stringOf(memberOf(memberOf(memberOf(root, 'metadata'), 'component'), 'bom-ref'));
  const rootEntry = elementsOf(memberOf(root, 'dependencies')).find((entry) => rootRef !== null && stringOf(memberOf(entry, 'ref')) === rootRef);
  const directRefs = rootEntry === undefined ? null : new Set(elementsOf(memberOf(rootEntry, 'dependsOn')).map(stringOf));

  const dependencies: Dependency[] = [];
  const visit = (components: ValueNode | undefined): void => {
    for (const component of elementsOf(components)) {
      const purlNode = memberOf(component, 'purl');
      const purl = stringOf(purlNode);
      if (purl !== null) {
        const direct = directRefs === null ? null : directRefs.has(stringOf(memberOf(component, 'bom-ref')));
        dependencies.push(fromPurl(file, purl, direct, lineOf(purlNode)));
      }
      visit(memberOf(component, 'components'));
    }
  };
  visit(memberOf(root, 'components'));
  return dependencies;
}

export function readSpdx(file: string, text: string): Dependency[] {
  const root = parseJson(file, text, 'SPDX SBOM');
  const spdxVersion = stringOf(memberOf(root, 'spdxVersion'));
  if (spdxVersion === null || !spdxVersion.startsWith('SPDX-2.')) throw new InputError('has no "spdxVersion" of SPDX 2.x, so it is not an SPDX 2 JSON document', file, lineOf(root));
  const documentId = stringOf(memberOf(root, 'SPDXID'));
  const relationships = elementsOf(memberOf(root, 'relationships')).map((relationship) => ({
    from: stringOf(memberOf(relationship, 'spdxElementId')),
    type: stringOf(memberOf(relationship, 'relationshipType')),
    to: stringOf(memberOf(relationship, 'relatedSpdxElement')),
  }));
  const described = new Set([
    ...elementsOf(memberOf(root, 'documentDescribes')).map(stringOf),
    ...relationships.filter((r) => r.from === documentId && r.type === 'DESCRIBES').map((r) => r.to),
  ]);
  described.delete(null);
  const direct = new Set<string | null>();
  let hasGraph = false;
  for (const { from, type, to } of relationships) {
    if (type === null) continue;
    if (DEPENDS_ON.has(type) || DEPENDENCY_OF.has(type)) hasGraph = true;
    if (DEPENDS_ON.has(type) && described.has(from)) direct.add(to);
    if (DEPENDENCY_OF.has(type) && described.has(to)) direct.add(from);
  }

  const dependencies: Dependency[] = [];
  for (const pkg of elementsOf(memberOf(root, 'packages'))) {
    const id = stringOf(memberOf(pkg, 'SPDXID'));
    if (described.has(id)) continue;
    const reference = elementsOf(memberOf(pkg, 'externalRefs')).find((ref) => stringOf(memberOf(ref, 'referenceType')) === 'purl');
    const locatorNode = memberOf(reference, 'referenceLocator');
    const purl = stringOf(locatorNode);
    if (purl === null) continue;
    dependencies.push(fromPurl(file, purl, hasGraph ? direct.has(id) : null, lineOf(locatorNode)));
  }
  return dependencies;
}

/** The purl as the readers write it when it can be split (qualifiers and subpath dropped), else as given. */
function fromPurl(file: string, purl: string, direct: boolean | null, line: number | null): Dependency {
  const parts = splitPurl(purl);
  if (parts === null) return { purl: purl.trim(), name: purl.trim(), version: null, direct, file, line };
  const name = parts.namespace === null ? parts.name : parts.type === 'maven' ? `${parts.namespace}:${parts.name}` : `${parts.namespace}/${parts.name}`;
  return { purl: formatPurl(parts.type, parts.namespace, parts.name, parts.version), name, version: parts.version, direct, file, line };
}

/** Whether a `.json` file's text declares itself an SBOM of either kind, before parsing it. */
export function sniffSbom(text: string): 'cyclonedx' | 'spdx' | null {
  if (/"bomFormat"\s*:\s*"CycloneDX"/.test(text)) return 'cyclonedx';
  if (/"spdxVersion"\s*:/.test(text)) return 'spdx';
  return null;
}
