// The gate of `trustbadge check`: each dependency's verdict from the server's outcome, and the
// report's order (weakest first). Pure: the run (check.ts) asks the server, this judges.

import { GRADES, type Grade } from '../../domain/grade.js';
import { withoutVersion } from '../../domain/package-url.js';
import type { BatchItem } from '../../schema/answers.js';
import type { CheckedDependency, CheckReport, Dependency, Gate, Verdict } from './check-report.js';

/**
 * `pkg:npm/x@1.0.0` is ignored by `--ignore pkg:npm/x` and by `--ignore pkg:npm/x@1.0.0`, not by
 * `pkg:npm/x@2`. Compared decoded, so `pkg:npm/@types/node` ignores `pkg:npm/%40types/node@20.1.0`.
 */
export function isIgnored(purl: string, ignore: readonly string[]): boolean {
  const full = decoded(purl);
  const bare = decoded(withoutVersion(purl));
  return ignore.some((rule) => {
    const text = decoded(rule);
    return text === full || (withoutVersion(rule) === rule && text === bare);
  });
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}


const worseThan = (grade: Grade, floor: Grade): boolean => GRADES.indexOf(grade) > GRADES.indexOf(floor);

const NOT_FOUND: Record<Exclude<BatchItem['status'], 'found'>, string> = {
  unknown: 'not in the catalogue',
  ambiguous: 'names several entities',
  unsupported: 'its kind of package is not in the catalogue',
  invalid: 'not a valid package URL',
};

export function judge(dependency: Dependency, outcome: BatchItem, gate: Gate): CheckedDependency {
  if (isIgnored(dependency.purl, gate.ignore)) return { dependency, outcome, verdict: 'ignored', reasons: ['ignored by --ignore'] };
  if (outcome.status !== 'found') {
    const reason = outcome.status === 'invalid' || outcome.status === 'unsupported' ? `${NOT_FOUND[outcome.status]}: ${outcome.reason}` : NOT_FOUND[outcome.status];
    const verdict: Verdict = gate.unknown === 'fail' ? 'fail' : gate.unknown === 'warn' ? 'warn' : 'ignored';
    return { dependency, outcome, verdict, reasons: [reason] };
  }
  const reasons: string[] = [];
  if (gate.minGrade !== null && worseThan(outcome.grade, gate.minGrade)) reasons.push(`grade ${outcome.grade} is below ${gate.minGrade}`);
  if (gate.minScore !== null && outcome.score < gate.minScore) reasons.push(`score ${outcome.score} is below ${gate.minScore}`);
  return { dependency, outcome, verdict: reasons.length > 0 ? 'fail' : 'pass', reasons };
}

const VERDICT_ORDER: Record<Verdict, number> = { fail: 0, warn: 1, pass: 2, ignored: 3 };
/** Not found sorts before any score: what the catalogue cannot vouch for comes first. */
const scoreOf = (item: CheckedDependency): number => (item.outcome.status === 'found' ? item.outcome.score : -1);

export function buildReport(files: string[], server: string, gate: Gate, items: CheckedDependency[]): CheckReport {
  const sorted = [...items].sort(
    (a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || scoreOf(a) - scoreOf(b) || (a.dependency.purl < b.dependency.purl ? -1 : a.dependency.purl > b.dependency.purl ? 1 : 0),
  );
  const counts: Record<Verdict, number> = { fail: 0, warn: 0, pass: 0, ignored: 0 };
  for (const item of sorted) counts[item.verdict]++;
  return { files, server, gate, items: sorted, counts, passed: counts.fail === 0 };
}
