// Pipfile.lock: the `default` and `develop` sections, each package pinned as `"version": "==1.2.3"`.
// Editable, path and git entries carry no version and are skipped; the lockfile does not say which were declared.

import { InputError, type Dependency } from '../check-report.js';
import { formatPurl, normalisePypiName } from '../purl.js';
import { lineOf, memberOf, membersOf, parseJson, stringOf } from './json-source.js';

const SECTIONS = ['default', 'develop'] as const;

export function readPipfileLock(file: string, text: string): Dependency[] {
  const root = parseJson(file, text, 'Pipfile.lock');
  if (root.type !== 'Object' || !SECTIONS.some((section) => memberOf(root, section)?.type === 'Object')) {
    throw new InputError('has neither a "default" nor a "develop" object, so it is not a Pipfile.lock', file, lineOf(root));
  }
  const dependencies: Dependency[] = [];
  for (const section of SECTIONS) {
    for (const entry of membersOf(memberOf(root, section))) {
      const pinned = stringOf(memberOf(entry.node, 'version'));
      if (pinned === null) continue;
      const version = pinned.replace(/^===?/, '');
      dependencies.push({ purl: formatPurl('pypi', null, entry.key, version), name: normalisePypiName(entry.key), version, direct: null, file, line: entry.line });
    }
  }
  return dependencies;
}
