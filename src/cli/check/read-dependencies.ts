// The dependencies a lockfile or SBOM names, read by the reader its base name (or, for a `.json`, its
// content) picks, each package URL once. Reads text it is given; never opens files or asks a registry.

import path from 'node:path';
import { InputError, type Dependency } from './check-report.js';
import { readCargoLockfile } from './lockfiles/cargo.js';
import { readGoSum } from './lockfiles/go.js';
import { readNpmLockfile } from './lockfiles/npm.js';
import { readPipfileLock } from './lockfiles/pipfile.js';
import { readPnpmLockfile } from './lockfiles/pnpm.js';
import { readPoetryLockfile } from './lockfiles/poetry.js';
import { readRequirements } from './lockfiles/requirements.js';
import { readGemfileLock } from './lockfiles/ruby.js';
import { readCycloneDx, readSpdx, sniffSbom } from './lockfiles/sbom.js';
import { readYarnLockfile } from './lockfiles/yarn.js';

type Reader = (file: string, text: string) => Dependency[];

/** What `trustbadge check` reads, in words, for the error that names an unsupported file. */
export const SUPPORTED_FILES: readonly string[] = Object.freeze([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'requirements.txt (and requirements*.txt)',
  'poetry.lock',
  'Pipfile.lock',
  'Cargo.lock',
  'go.sum',
  'Gemfile.lock',
  'CycloneDX JSON (*.cdx.json, bom.json, or any .json with "bomFormat": "CycloneDX")',
  'SPDX JSON (*.spdx.json, or any .json with "spdxVersion")',
]);

const READERS_BY_NAME: ReadonlyMap<string, Reader> = new Map([
  ['package-lock.json', readNpmLockfile],
  ['npm-shrinkwrap.json', readNpmLockfile],
  ['yarn.lock', readYarnLockfile],
  ['pnpm-lock.yaml', readPnpmLockfile],
  ['poetry.lock', readPoetryLockfile],
  ['pipfile.lock', readPipfileLock],
  ['cargo.lock', readCargoLockfile],
  ['go.sum', readGoSum],
  ['gemfile.lock', readGemfileLock],
  ['bom.json', readCycloneDx],
]);

/**
 * The dependencies `text` (the content of `file`, as given on the command line) names: in file order,
 * each package URL once, direct when any of its entries is. An unsupported file, one that does not
 * parse, or one of the wrong shape is an InputError naming the file and, when known, the line.
 */
export function readDependencies(file: string, text: string): Dependency[] {
  const reader = pickReader(file, text);
  if (reader === null) throw new InputError(`not a supported dependency file; supported: ${SUPPORTED_FILES.join(', ')}`, file);
  // A byte-order mark is not content; JSON parsers refuse it, and it shifts no line.
  return dedupe(reader(file, text.replace(/^\uFEFF/, '')));
}

function pickReader(file: string, text: string): Reader | null {
  const name = path.basename(file).toLowerCase();
  const byName = READERS_BY_NAME.get(name);
  if (byName !== undefined) return byName;
  if (/^requirements.*\.txt$/.test(name)) return readRequirements;
  if (name.endsWith('.cdx.json')) return readCycloneDx;
  if (name.endsWith('.spdx.json')) return readSpdx;
  if (!name.endsWith('.json')) return null;
  const kind = sniffSbom(text);
  return kind === 'cyclonedx' ? readCycloneDx : kind === 'spdx' ? readSpdx : null;
}

/** First occurrence wins its place; `direct` is true if any occurrence is, else false if any says so. */
function dedupe(dependencies: readonly Dependency[]): Dependency[] {
  const byPurl = new Map<string, Dependency>();
  for (const dependency of dependencies) {
    const seen = byPurl.get(dependency.purl);
    if (seen === undefined) {
      byPurl.set(dependency.purl, { ...dependency });
    } else if (dependency.direct === true || (dependency.direct === false && seen.direct === null)) {
      seen.direct = dependency.direct;
    }
  }
  return [...byPurl.values()];
}
