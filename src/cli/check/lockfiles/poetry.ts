// poetry.lock: each [[package]] is a locked distribution. The lockfile does not say which the project
// declared (pyproject.toml does), so `direct` stays null.

import type { Dependency } from '../check-report.js';
import { formatPurl, normalisePypiName } from '../purl.js';
import { isTable, readTomlPackages } from './toml-source.js';

/** Poetry's `[package.source]` types that are not a package index: no PyPI version to grade. */
const NOT_FROM_AN_INDEX = new Set(['git', 'directory', 'file', 'url']);

export function readPoetryLockfile(file: string, text: string): Dependency[] {
  return readTomlPackages(file, text, 'poetry.lock')
    .filter((entry) => !(isTable(entry.table.source) && NOT_FROM_AN_INDEX.has(String(entry.table.source.type))))
    .map((entry) => ({
      purl: formatPurl('pypi', null, entry.name, entry.version),
      name: normalisePypiName(entry.name),
      version: entry.version,
      direct: null,
      file,
      line: entry.line,
    }));
}
