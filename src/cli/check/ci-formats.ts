// Prints a CheckReport for GitHub code scanning (SARIF 2.1.0) and for CI test reports (JUnit XML),
// under one set of rules. Pure and repeatable: no clock, no env, no random ids. Names come from
// lockfiles anyone can write: XML escapes every attribute and text node and drops what XML 1.0
// forbids.

import { createHash } from 'node:crypto';
import { GRADES } from '../../domain/grade.js';
import type { CheckedDependency, CheckReport, Gate } from './check-report.js';
import { describeGate, describeOutcome, packageLabel } from './report-formats.js';

// ---- rules -------------------------------------------------------------------------------------

export const CHECK_RULES = [
  {
    id: 'trustbadge/below-min-grade',
    name: 'BelowMinGrade',
    short: 'Dependency graded below the minimum grade',
    full: 'The catalogue grades this dependency below the minimum grade the gate asks for (--min-grade).',
  },
  {
    id: 'trustbadge/below-min-score',
    name: 'BelowMinScore',
    short: 'Dependency scores below the minimum score',
    full: 'The catalogue scores this dependency below the minimum trust score the gate asks for (--min-score).',
  },
  {
    id: 'trustbadge/not-in-catalogue',
    name: 'NotInCatalogue',
    short: 'Dependency has no trust score',
    full: 'The catalogue has no single entry for this dependency: it is unknown, its name is ambiguous, its package URL type is unsupported or the package URL is invalid (--unknown decides whether this fails).',
  },
] as const;

type RuleId = (typeof CHECK_RULES)[number]['id'];

/**
 * The rule a failing or warning dependency breaks. A found package below both minimums counts
 * under the grade rule; one that failed without breaking the grade minimum, under the score rule.
 */
function ruleFor(item: CheckedDependency, gate: Gate): RuleId {
  const { outcome } = item;
  if (outcome.status !== 'found') return 'trustbadge/not-in-catalogue';
  const belowGrade = gate.minGrade !== null && GRADES.indexOf(outcome.grade) > GRADES.indexOf(gate.minGrade);
  return belowGrade ? 'trustbadge/below-min-grade' : 'trustbadge/below-min-score';
}

/** `left-pad@1.3.0 (pkg:npm/left-pad@1.3.0): grade D, score 45` or `…: unknown`. */
function describeFinding(item: CheckedDependency): string {
  const { outcome } = item;
  const what = outcome.status === 'found' ? `grade ${outcome.grade}, score ${outcome.score}` : `${outcome.status}, no grade or score`;
  const reasons = item.reasons.length > 0 ? ` — ${item.reasons.join('; ')}` : '';
  return `${packageLabel(item)} (${item.dependency.purl}): ${what}${reasons}`;
}

// ---- SARIF -------------------------------------------------------------------------------------

/**
 * A file as given on the command line, as a SARIF artifact URI: a relative path becomes a
 * percent-encoded relative reference under `%SRCROOT%`; an absolute one a `file:` URI.
 */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const slashed = file.replace(/\\/g, '/');
  const drive = /^[A-Za-z]:\//.test(slashed);
  const segments = slashed.replace(/^(\.\/)+/, '').split('/').map((s, i) => (drive && i === 0 ? s : encodeURIComponent(s)));
  if (drive) return { uri: `file:///${segments.join('/')}` };
  if (slashed.startsWith('/')) return { uri: `file://${segments.join('/')}` };
  return { uri: segments.join('/'), uriBaseId: '%SRCROOT%' };
}

/** Stable per (file, package URL): GitHub tracks an alert across runs by it, whatever its line. */
const fingerprint = (file: string, purl: string): string => createHash('sha256').update(`${file}\u0000${purl}`).digest('hex').slice(0, 32);

const SARIF_LEVEL = { fail: 'error', warn: 'warning' } as const;

export function formatSarif(report: CheckReport, tool: { version: string; informationUri: string }): string {
  const unknownLevel = report.gate.unknown === 'fail' ? 'error' : report.gate.unknown === 'warn' ? 'warning' : 'note';
  const gateWords = describeGate(report.gate);
  const rules = CHECK_RULES.map((rule) => ({
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.short },
    fullDescription: { text: rule.full },
    helpUri: helpUri(tool.informationUri, rule.id),
    defaultConfiguration: { level: rule.id === 'trustbadge/not-in-catalogue' ? unknownLevel : 'error' },
  }));
  const results = report.items.flatMap((item) => {
    if (item.verdict !== 'fail' && item.verdict !== 'warn') return [];
    const ruleId = ruleFor(item, report.gate);
    const { dependency: d, outcome } = item;
    return [{
      ruleId,
      ruleIndex: CHECK_RULES.findIndex((r) => r.id === ruleId),
      level: SARIF_LEVEL[item.verdict],
      message: { text: `${describeFinding(item)} (gate: ${gateWords})` },
      locations: [{
        physicalLocation: {
          artifactLocation: artifactLocation(d.file),
          ...(d.line !== null && d.line >= 1 ? { region: { startLine: d.line } } : {}),
        },
      }],
      partialFingerprints: { 'trustbadgeDependency/v1': fingerprint(d.file, d.purl) },
      properties: {
        purl: d.purl,
        status: outcome.status,
        ...(outcome.status === 'found' ? { grade: outcome.grade, score: outcome.score, verified: outcome.verified, report: outcome.report } : {}),
        direct: d.direct,
      },
    }];
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'trustbadge', version: tool.version, informationUri: tool.informationUri, rules } }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

const helpUri = (informationUri: string, ruleId: string): string => {
  const url = new URL(informationUri);
  url.hash = ruleId.replace('trustbadge/', 'rule-');
  return url.href;
};

// ---- JUnit -------------------------------------------------------------------------------------

/** What XML 1.0 allows (Char production); the rest, lone surrogates included, is dropped. */
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** Attribute values keep tabs and line breaks as character references, which parsers do not normalise away. */
const xmlAttribute = (text: string): string => text.replace(XML_FORBIDDEN, '').replace(/[&<>"'\t\n\r]/g, (c) => XML_ENTITIES[c]!);
const xmlText = (text: string): string => text.replace(XML_FORBIDDEN, '').replace(/\r/g, '&#13;').replace(/[&<>]/g, (c) => XML_ENTITIES[c]!);

const element = (name: string, attributes: Record<string, string | number>, children: string[] | string | null): string => {
  const attrs = Object.entries(attributes).map(([key, value]) => ` ${key}="${xmlAttribute(String(value))}"`).join('');
  if (children === null || children.length === 0) return `<${name}${attrs}/>`;
  return typeof children === 'string' ? `<${name}${attrs}>${xmlText(children)}</${name}>` : `<${name}${attrs}>\n${children.join('\n')}\n</${name}>`;
};

function testcase(item: CheckedDependency, gate: Gate): string {
  const { dependency: d, verdict } = item;
  const children: string[] = [];
  // Order as the JUnit schema wants it: skipped, failure, system-out.
  if (verdict === 'ignored') children.push('<skipped/>');
  if (verdict === 'fail') {
    children.push(element('failure', { message: item.reasons.join('; ') || describeOutcome(item.outcome), type: ruleFor(item, gate) }, `${describeFinding(item)}\ngate: ${describeGate(gate)}`));
  }
  const where = d.line === null ? d.file : `${d.file}:${d.line}`;
  const note = verdict === 'warn' ? `warning: ${describeFinding(item)}` : describeFinding(item);
  children.push(element('system-out', {}, `${note}\n${where}`));
  return element('testcase', { name: d.purl, classname: d.file }, children.map((c) => `  ${c}`));
}

/** One test suite per file read (in the order given), one test case per dependency; no timestamps. */
export function formatJunit(report: CheckReport): string {
  const byFile = new Map<string, CheckedDependency[]>(report.files.map((f) => [f, []]));
  for (const item of report.items) byFile.set(item.dependency.file, [...(byFile.get(item.dependency.file) ?? []), item]);
  const tally = (items: CheckedDependency[]) => ({
    tests: items.length,
    failures: items.filter((i) => i.verdict === 'fail').length,
    errors: 0,
    skipped: items.filter((i) => i.verdict === 'ignored').length,
  });
  const suites = [...byFile].map(([file, items]) => {
    const { tests, failures, errors, skipped } = tally(items);
    return element('testsuite', { name: file, tests, failures, errors, skipped }, items.map((i) => testcase(i, report.gate)));
  });
  // The Jenkins JUnit schema has no `skipped` on <testsuites>: skips are counted per suite.
  const { tests, failures, errors } = tally(report.items);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element('testsuites', { name: 'trustbadge check', tests, failures, errors }, suites)}\n`;
}
