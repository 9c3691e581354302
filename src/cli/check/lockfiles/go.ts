// go.sum: `module version h1:hash` for a module's files and `module version/go.mod h1:hash` for its
// go.mod alone. Only versions with a files line were built; go.mod-only ones were read to pick versions.

import { InputError, type Dependency } from '../check-report.js';
import { formatPurl } from '../purl.js';

const GO_MOD_SUFFIX = '/go.mod';

export function readGoSum(file: string, text: string): Dependency[] {
  const dependencies: Dependency[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const fields = line.split(/\s+/);
    const [module, version, hash] = fields;
    if (fields.length !== 3 || module === undefined || version === undefined || hash === undefined || !/^v\d/.test(version) || !/^[a-z0-9]+:\S+$/.test(hash)) {
      throw new InputError('a go.sum line is "module version[/go.mod] algorithm:hash", as "golang.org/x/text v0.14.0 h1:…"', file, index + 1);
    }
    if (version.endsWith(GO_MOD_SUFFIX) || seen.has(`${module}@${version}`)) return;
    seen.add(`${module}@${version}`);
    dependencies.push({ purl: formatPurl('golang', null, module, version), name: module, version, direct: null, file, line: index + 1 });
  });
  return dependencies;
}
