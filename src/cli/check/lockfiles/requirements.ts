// requirements.txt as pip reads it (pip.pypa.io "Requirements File Format"): one PEP 508 requirement per
// logical line. Every named requirement is direct; only `==` pins a version. Options are skipped, not followed.

import { InputError, type Dependency } from '../check-report.js';
import { formatPurl, normalisePypiName } from '../purl.js';

const NAME = String.raw`[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?`;
const CLAUSE = String.raw`(?:~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+`;
const SPECIFIER = String.raw`${CLAUSE}(?:\s*,\s*${CLAUSE})*`;
/** Name, extras, then a specifier bare or in parentheses (PEP 508 allows both). */
const REQUIREMENT = new RegExp(String.raw`^(${NAME})\s*(?:\[[^\]]*\])?\s*(?:(${SPECIFIER})|\(\s*(${SPECIFIER})\s*\))?$`);

export function readRequirements(file: string, text: string): Dependency[] {
  const dependencies: Dependency[] = [];
  for (const { text: logical, line } of logicalLines(text)) {
    // Markers follow ";", per-requirement options (--hash) follow white space and "--".
    const requirement = (logical.split(';')[0] ?? '').replace(/\s+--?[A-Za-z].*$/, '').trim();
    if (requirement === '' || requirement.startsWith('-')) continue;
    // URLs, paths and `name @ url` direct references install from outside the index: no PyPI version.
    if (requirement.includes('://') || /^[./~]/.test(requirement) || /^[^\s@]+\s*@/.test(requirement)) continue;
    const match = REQUIREMENT.exec(requirement);
    if (match === null) throw new InputError(`"${requirement}" is not a requirement (name, optional [extras], optional version specifier)`, file, line);
    const name = match[1] ?? '';
    const version = pinnedVersion(match[2] ?? match[3] ?? null);
    dependencies.push({ purl: formatPurl('pypi', null, name, version), name: normalisePypiName(name), version, direct: true, file, line });
  }
  return dependencies;
}

/** `==1.2.3` (or `===1.2.3`) alone pins a version; ranges, wildcards and several clauses do not. */
function pinnedVersion(specifier: string | null): string | null {
  const pin = specifier === null ? null : /^===?\s*([^,*\s]+)$/.exec(specifier.trim());
  return pin?.[1] ?? null;
}

/** Lines joined where one ends in "\", comments removed ("#" at the start or after white space), with the first line's number. */
function logicalLines(text: string): { text: string; line: number }[] {
  const logical: { text: string; line: number }[] = [];
  let pending: { text: string; line: number } | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const uncommented = raw.replace(/(^|\s)#.*$/, '');
    const continued = /\\$/.test(uncommented);
    const piece = continued ? uncommented.slice(0, -1) : uncommented;
    pending = pending === null ? { text: piece, line: index + 1 } : { text: `${pending.text} ${piece}`, line: pending.line };
    if (!continued) {
      logical.push(pending);
      pending = null;
    }
  });
  if (pending !== null) logical.push(pending);
  return logical;
}
