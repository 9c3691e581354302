// Cargo.lock: each [[package]] with a `source` came from a registry; one without is a crate of the
// workspace itself and is skipped, as are git sources. The lockfile does not say which were declared.

import type { Dependency } from '../check-report.js';
import { formatPurl } from '../purl.js';
import { readTomlPackages } from './toml-source.js';

export function readCargoLockfile(file: string, text: string): Dependency[] {
  return readTomlPackages(file, text, 'Cargo.lock')
    .filter((entry) => typeof entry.table.source === 'string' && /^(registry|sparse)\+/.test(entry.table.source))
    .map((entry) => ({ purl: formatPurl('cargo', null, entry.name, entry.version), name: entry.name, version: entry.version, direct: null, file, line: entry.line }));
}
