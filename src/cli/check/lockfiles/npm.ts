// package-lock.json and npm-shrinkwrap.json (lockfileVersion 2 and 3): the `packages` map, keyed by
// install path. Reads only; lockfileVersion 1 is refused, as npm 7 and newer rewrite it on install.

import { InputError, type Dependency } from '../check-report.js';
import { formatPurl } from '../purl.js';
import { lineOf, memberOf, membersOf, parseJson, stringOf, type ValueNode } from './json-source.js';

const DECLARING_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
const NODE_MODULES = 'node_modules/';

export function readNpmLockfile(file: string, text: string): Dependency[] {
  const root = parseJson(file, text, 'npm lockfile');
  if (root.type !== 'Object') throw new InputError('an npm lockfile is a JSON object', file, lineOf(root));
  const versionNode = memberOf(root, 'lockfileVersion');
  if (versionNode?.type === 'Number' && versionNode.value === 1) {
    throw new InputError('lockfileVersion 1 is not read: regenerate the lockfile with npm 7 or newer (npm install --package-lock-only)', file, lineOf(versionNode));
  }
  const packages = memberOf(root, 'packages');
  if (packages?.type !== 'Object') {
    throw new InputError('has no "packages" object, so it is not an npm 7+ lockfile (lockfileVersion 2 or 3): regenerate it with npm 7 or newer', file, lineOf(packages ?? root));
  }

  const entries = membersOf(packages);
  // The project's own folders are the root ("") and its workspaces (paths outside node_modules).
  const projectFolders = new Set(entries.filter((entry) => !entry.key.includes(NODE_MODULES)).map((entry) => entry.key));
  const declared = new Set(entries.filter((entry) => projectFolders.has(entry.key)).flatMap((entry) => declaredNames(entry.node)));

  const dependencies: Dependency[] = [];
  for (const entry of entries) {
    const at = entry.key.lastIndexOf(NODE_MODULES);
    if (at < 0) continue;
    if (entry.node.type !== 'Object') throw new InputError(`the entry "${entry.key}" is not an object`, file, entry.line);
    const link = memberOf(entry.node, 'link');
    if ((link?.type === 'Boolean' && link.value) || !isFromRegistry(entry.node)) continue;
    const folder = entry.key.slice(at + NODE_MODULES.length);
    // An alias (`"old-ms": "npm:ms@2.0.0"`) is installed under its alias; `name` holds the real one.
    const name = stringOf(memberOf(entry.node, 'name')) ?? folder;
    const version = stringOf(memberOf(entry.node, 'version'));
    if (version === null) throw new InputError(`the entry "${entry.key}" has no version`, file, entry.line);
    const parentFolder = entry.key.slice(0, Math.max(0, at - 1));
    const direct = projectFolders.has(parentFolder) && declared.has(folder);
    dependencies.push({ purl: npmPurl(name, version), name, version, direct, file, line: entry.line });
  }
  return dependencies;
}

/** The purl of an npm package, its scope as the namespace. */
export function npmPurl(name: string, version: string | null): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  return slash < 0 ? formatPurl('npm', null, name, version) : formatPurl('npm', name.slice(0, slash), name.slice(slash + 1), version);
}

function declaredNames(node: ValueNode): string[] {
  return DECLARING_FIELDS.flatMap((field) => membersOf(memberOf(node, field)).map((member) => member.key));
}

/** Git, file and link installs have no registry version to grade. */
function isFromRegistry(node: ValueNode): boolean {
  const resolved = stringOf(memberOf(node, 'resolved'));
  return resolved === null || !/^(git\+|git:|github:|file:|link:)/.test(resolved);
}
