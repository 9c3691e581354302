// Gemfile.lock (Bundler): the `specs:` of each GEM section are the gems from a rubygems source, at four
// spaces as `name (version[-platform])`; DEPENDENCIES names the Gemfile's own. GIT and PATH gems are skipped.

import { InputError, type Dependency } from '../check-report.js';
import { formatPurl } from '../purl.js';

const SPEC = /^ {4}([^\s(]+) \(([^)\s]+)\)$/;
const DECLARED = /^ {2}([^\s(!]+)!?(?: \([^)]*\))?$/;

export function readGemfileLock(file: string, text: string): Dependency[] {
  const specs: { name: string; version: string; line: number }[] = [];
  const declared = new Set<string>();
  let section = '';
  let sawDependencies = false;
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^\S/.test(line)) {
      section = line.trim();
      sawDependencies ||= section === 'DEPENDENCIES';
      return;
    }
    if (section === 'GEM' && /^ {4}\S/.test(line)) {
      const spec = SPEC.exec(line);
      if (spec === null) throw new InputError('a gem under "specs:" is written "name (version)"', file, index + 1);
      // A platform gem's version carries the platform after the first "-" (`1.16.0-x86_64-linux`), as Bundler's own parser splits it.
      specs.push({ name: spec[1] ?? '', version: (spec[2] ?? '').split('-')[0] ?? '', line: index + 1 });
    } else if (section === 'DEPENDENCIES' && line.trim() !== '') {
      const dependency = DECLARED.exec(line);
      if (dependency === null) throw new InputError('a line under DEPENDENCIES is written "name" or "name (requirement)"', file, index + 1);
      declared.add(dependency[1] ?? '');
    }
  });
  if (specs.length === 0 && !sawDependencies) throw new InputError('has no GEM specs and no DEPENDENCIES section, so it is not a Gemfile.lock', file);
  return specs.map((spec) => ({
    purl: formatPurl('gem', null, spec.name, spec.version),
    name: spec.name,
    version: spec.version,
    direct: sawDependencies ? declared.has(spec.name) : null,
    file,
    line: spec.line,
  }));
}
