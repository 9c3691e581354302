// What the readers of pasted references share (package-url.ts, registry-url.ts): the answer's
// shapes, the one table of registries with their purl type and site addresses, and the checks every
// reading passes. Pure and total: refusals are values naming the part that is wrong, never throws.

import { LIMITS } from './entity-record.js';
import { parseTarget } from './target.js';
import { NAME_RULE, describeTextProblem, findNameProblem } from './text-rules.js';

/** Longest reference read, in UTF-16 units after trimming: the longest source URL a record may hold. */
export const MAX_REF_CHARS = LIMITS.sourceUrlChars;

/** `invalid`: malformed, or names no entity; `unsupported`: well formed, but for a registry the catalogue lacks. */
export const REF_PROBLEMS = ['invalid', 'unsupported'] as const;
export type RefProblem = (typeof REF_PROBLEMS)[number];

export interface QualifiedName {
  registry: string;
  name: string;
}

export interface RefRefusal {
  ok: false;
  problem: RefProblem;
  /** A sentence for people: which part is wrong and why. */
  reason: string;
}

export type RegistryUrlParse = { ok: true; target: QualifiedName; version: string | null } | RefRefusal;
export type PackageUrlParse = { ok: true; target: QualifiedName; version: string | null; purl: string } | RefRefusal;

export interface RegistryRefForms {
  registry: string;
  /** The package URL type naming this registry's packages, or null when the spec has none. */
  purlType: string | null;
  /** The web addresses read (https:// and www. optional; deeper pages, query and fragment ignored). */
  urlForms: readonly string[];
}

/** Every catalogue registry, the purl type mapped to it and the addresses read: docs/registries.md shows this table. */
export const REGISTRY_REFS: readonly RegistryRefForms[] = Object.freeze(
  [
    { registry: 'npm', purlType: 'npm', urlForms: ['npmjs.com/package/{name}', 'npmjs.com/package/@{scope}/{name}'] },
    { registry: 'github', purlType: 'github', urlForms: ['github.com/{owner}/{repo}'] },
    { registry: 'pypi', purlType: 'pypi', urlForms: ['pypi.org/project/{name}'] },
    { registry: 'huggingface', purlType: 'huggingface', urlForms: ['huggingface.co/{owner}/{model}', 'huggingface.co/datasets/{owner}/{dataset}'] },
    { registry: 'docker', purlType: 'docker', urlForms: ['hub.docker.com/r/{namespace}/{image}', 'hub.docker.com/_/{image}'] },
    { registry: 'maven', purlType: 'maven', urlForms: ['central.sonatype.com/artifact/{group}/{artifact}', 'mvnrepository.com/artifact/{group}/{artifact}'] },
    { registry: 'crates', purlType: 'cargo', urlForms: ['crates.io/crates/{name}'] },
    { registry: 'go', purlType: 'golang', urlForms: ['pkg.go.dev/{module}'] },
    { registry: 'nuget', purlType: 'nuget', urlForms: ['nuget.org/packages/{name}'] },
    { registry: 'rubygems', purlType: 'gem', urlForms: ['rubygems.org/gems/{name}'] },
    { registry: 'packagist', purlType: 'composer', urlForms: ['packagist.org/packages/{vendor}/{name}'] },
    { registry: 'web', purlType: null, urlForms: [] },
    { registry: 'cran', purlType: 'cran', urlForms: ['cran.r-project.org/package={name}', 'cran.r-project.org/web/packages/{name}'] },
    { registry: 'conda', purlType: 'conda', urlForms: ['anaconda.org/{channel}/{name}'] },
    { registry: 'cocoapods', purlType: 'cocoapods', urlForms: ['cocoapods.org/pods/{name}'] },
    { registry: 'pub', purlType: 'pub', urlForms: ['pub.dev/packages/{name}'] },
    { registry: 'hex', purlType: 'hex', urlForms: ['hex.pm/packages/{name}'] },
    { registry: 'pulsemcp', purlType: null, urlForms: [] },
  ].map((row) => Object.freeze({ ...row, urlForms: Object.freeze(row.urlForms) })),
);

export function refuse(problem: RefProblem, reason: string): RefRefusal {
  return { ok: false, problem, reason };
}

/** The trimmed text, or why it cannot be read at all. */
export function checkInput(text: string, what: string): string | RefRefusal {
  const input = text.trim();
  if (input === '') return refuse('invalid', `the ${what} is empty`);
  if (input.length > MAX_REF_CHARS) return refuse('invalid', `the ${what} is ${input.length} characters long; at most ${MAX_REF_CHARS} are read`);
  const problem = describeTextProblem(input);
  return problem === null ? input : refuse('invalid', `the ${what} ${problem}`);
}

export function decode(text: string, part: string): string | RefRefusal {
  try {
    return decodeURIComponent(text);
  } catch {
    return refuse('invalid', `the ${part} ${quote(text)} is badly percent-encoded: "%" must start a %XX sequence of UTF-8 bytes`);
  }
}

/** The name as the catalogue keeps it (NFC), when it is one: the rules every target passes (target.ts). */
export function checkTarget(registry: string, name: string): QualifiedName | RefRefusal {
  const nfc = name.normalize('NFC');
  const length = [...nfc].length;
  if (length > LIMITS.nameChars) return refuse('invalid', `the name is ${length} characters long; catalogue names have at most ${LIMITS.nameChars}`);
  const textProblem = describeTextProblem(nfc);
  if (textProblem !== null) return refuse('invalid', `the name ${quote(nfc)} ${textProblem}`);
  if (findNameProblem(nfc) !== null) return refuse('invalid', `the name ${quote(nfc)} ${NAME_RULE}`);
  const parsed = parseTarget(`${registry}/${nfc}`);
  return parsed.ok ? { registry, name: nfc } : refuse('invalid', `the name ${quote(nfc)} is not a catalogue name: ${parsed.message}`);
}

/** Echoed input, bounded and with control characters escaped, for a reason sentence. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}…` : text);
}
