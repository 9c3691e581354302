// pnpm-lock.yaml, lockfile versions 5 (`/name/1.0.0`), 6 (`/name@1.0.0`) and 9 (`name@1.0.0`), read with
// the yaml package. Registry packages only: link, file, git and tarball installs name no npm version.

import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import { InputError, type Dependency } from '../check-report.js';
import { npmPurl } from './npm.js';

const DECLARING_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

interface PackageId {
  name: string;
  version: string;
}

export function readPnpmLockfile(file: string, text: string): Dependency[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const error = document.errors[0];
  if (error !== undefined) throw new InputError(`not valid YAML, so not a readable pnpm lockfile: ${error.message.split('\n')[0]}`, file, error.linePos?.[0].line ?? null);
  const lockfile: unknown = document.toJS();
  if (!isRecord(lockfile)) throw new InputError('a pnpm lockfile is a YAML mapping', file, 1);
  // Before version 6, package keys were paths (`/name/1.0.0`) and peer suffixes followed "_".
  const slashKeys = Number.parseFloat(String(lockfile.lockfileVersion)) < 6;
  const packagesNode = document.get('packages', true);
  if (lockfile.packages !== undefined && lockfile.packages !== null && !isMap(packagesNode)) {
    throw new InputError('"packages" is not a mapping of package keys', file, lineOfOffset(lineCounter, packagesNode));
  }

  const declared = new Set(declaringSections(lockfile).flatMap((section) => declaredIds(section, slashKeys)).map(formatId));
  const dependencies: Dependency[] = [];
  for (const pair of isMap(packagesNode) ? packagesNode.items : []) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const line = lineOfOffset(lineCounter, pair.key);
    const id = parsePackageKey(key, slashKeys);
    if (id === null) continue;
    dependencies.push({ purl: npmPurl(id.name, id.version), name: id.name, version: id.version, direct: declared.has(formatId(id)), file, line });
  }
  return dependencies;
}

/** Version 6 and 9 list each project under `importers`; a single project of versions 5 and 6 declares at the top. */
function declaringSections(lockfile: Record<string, unknown>): Record<string, unknown>[] {
  return isRecord(lockfile.importers) ? Object.values(lockfile.importers).filter(isRecord) : [lockfile];
}

function declaredIds(section: Record<string, unknown>, slashKeys: boolean): PackageId[] {
  const ids: PackageId[] = [];
  for (const field of DECLARING_FIELDS) {
    const declarations = section[field];
    if (!isRecord(declarations)) continue;
    for (const [name, declaration] of Object.entries(declarations)) {
      // Version 5 writes the resolved version alone; 6 and 9 write { specifier, version }.
      const resolved = isRecord(declaration) ? declaration.version : declaration;
      if (typeof resolved !== 'string') continue;
      const id = resolveDeclaration(name, resolved, slashKeys);
      if (id !== null) ids.push(id);
    }
  }
  return ids;
}

/** A declared version is a plain version, a package key (`/ms@2.0.0`, `/ms/2.0.0`: an alias) or, in version 9, `ms@2.0.0`. */
function resolveDeclaration(name: string, resolved: string, slashKeys: boolean): PackageId | null {
  if (/^(link|file|workspace):/.test(resolved)) return null;
  if (resolved.startsWith('/')) return parsePackageKey(resolved, slashKeys);
  // A version 6 or 9 peer suffix (`1.0.0(react@18.2.0)`) holds an "@" that names no alias.
  const bare = slashKeys ? resolved : (resolved.split('(')[0] ?? '');
  if (!slashKeys && bare.indexOf('@', 1) > 0) return parsePackageKey(bare, slashKeys);
  return parsePackageKey(slashKeys ? `/${name}/${bare}` : `${name}@${bare}`, slashKeys);
}

function parsePackageKey(key: string, slashKeys: boolean): PackageId | null {
  const path = key.replace(/^\//, '');
  let name: string;
  let version: string;
  if (slashKeys) {
    const slash = path.lastIndexOf('/');
    name = path.slice(0, Math.max(0, slash));
    version = path.slice(slash + 1).split('_')[0] ?? '';
  } else {
    const bare = path.split('(')[0] ?? '';
    const at = bare.lastIndexOf('@');
    name = bare.slice(0, Math.max(0, at));
    version = bare.slice(at + 1);
  }
  // Git, tarball and file installs are keyed by URL or path, not name and semver.
  const isRegistryName = /^(@[^/@]+\/)?[^/@]+$/.test(name);
  if (!isRegistryName || version === '' || /[:/]/.test(version)) return null;
  return { name, version };
}

function formatId(id: PackageId): string {
  return `${id.name}@${id.version}`;
}

function lineOfOffset(lineCounter: LineCounter, node: unknown): number | null {
  const range = isScalar(node) || isMap(node) ? node.range : undefined;
  return range ? lineCounter.linePos(range[0]).line : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
