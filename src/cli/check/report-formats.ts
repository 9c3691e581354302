// Prints a CheckReport for people (text table), for scripts (JSON), for GitHub code scanning (SARIF
// 2.1.0) and for CI test reports (JUnit XML). Pure and repeatable: no clock, no env, no random ids.
// Names come from lockfiles anyone can write: text escapes control characters (no terminal
// injection), XML escapes every attribute and text node and drops what XML 1.0 forbids.

import { createHash } from 'node:crypto';
import { GRADES, type Grade } from '../../domain/grade.js';
import type { BatchItem } from '../../schema/answers.js';
import type { CheckedDependency, CheckReport, Dependency, Gate, Verdict } from './check-report.js';

// ---- shared words ------------------------------------------------------------------------------

const VERDICT_LABELS: Record<Verdict, string> = { fail: 'FAIL', warn: 'WARN', pass: 'ok', ignored: 'skip' };

/** The gate in words: `grade ≥ C, score ≥ 60, unknown: warn`. */
export function describeGate(gate: Gate): string {
  const parts: string[] = [];
  if (gate.minGrade !== null) parts.push(`grade ≥ ${gate.minGrade}`);
  if (gate.minScore !== null) parts.push(`score ≥ ${gate.minScore}`);
  if (parts.length === 0) parts.push('no grade or score minimum');
  parts.push(`unknown: ${gate.unknown}`);
  if (gate.ignore.length > 0) parts.push(`${gate.ignore.length} ignored package URL${gate.ignore.length === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** `C · 62` for a found package, else its status (`unknown`, `ambiguous`, `unsupported`, `invalid`). */
function describeOutcome(outcome: BatchItem): string {
  return outcome.status === 'found' ? `${outcome.grade} · ${outcome.score}` : outcome.status;
}

const packageLabel = (item: CheckedDependency): string => {
  const { name, version, purl } = item.dependency;
  if (name === '') return purl;
  return version === null ? name : `${name}@${version}`;
};

const directLabel = (direct: boolean | null): string => (direct === null ? '–' : direct ? 'direct' : 'transitive');

// ---- text --------------------------------------------------------------------------------------

/** Control characters (C0, DEL, C1) shown as `\u001b`, so a name cannot move the cursor or recolour the terminal. */
const showControls = (text: string): string =>
  text.toWellFormed().replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Columns are measured in code points: a terminal shows a lone code point as one cell in most cases. */
const widthOf = (text: string): number => [...text].length;

function truncate(text: string, maxWidth: number): string {
  const points = [...text];
  return points.length <= maxWidth ? text : `${points.slice(0, Math.max(0, maxWidth - 1)).join('')}…`;
}

const padEnd = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - widthOf(text)));

type Paint = (text: string, sgr: string) => string;

const GRADE_SGR: Record<Grade, string> = { A: '32', B: '32', C: '33', D: '31', F: '31' };
const VERDICT_SGR: Record<Verdict, string> = { fail: '1;31', warn: '33', pass: '32', ignored: '2' };

/**
 * Package labels that two different package URLs would share (`left-pad@1.0.0` from npm and from
 * another registry): those rows show the package URL instead.
 */
function ambiguousLabels(items: CheckedDependency[]): Set<string> {
  const purlsByLabel = new Map<string, Set<string>>();
  for (const item of items) {
    const label = packageLabel(item);
    purlsByLabel.set(label, (purlsByLabel.get(label) ?? new Set()).add(item.dependency.purl));
  }
  return new Set([...purlsByLabel].filter(([, purls]) => purls.size > 1).map(([label]) => label));
}

/**
 * A table, weakest first (the order of `report.items`), then the counts, the gate and PASSED or
 * FAILED. `width` (terminal columns) truncates the package and reasons columns with `…` only when a
 * row would not fit; without it nothing is cut. Colour is ANSI SGR, only when `color` is true.
 */
export function formatText(report: CheckReport, options: { color: boolean; width?: number }): string {
  const paint: Paint = options.color ? (text, sgr) => `\u001b[${sgr}m${text}\u001b[0m` : (text) => text;
  const clash = ambiguousLabels(report.items);
  const rows = report.items.map((item) => {
    const label = packageLabel(item);
    return {
      item,
      cells: [
        VERDICT_LABELS[item.verdict],
        showControls(clash.has(label) ? item.dependency.purl : label),
        showControls(describeOutcome(item.outcome)),
        directLabel(item.dependency.direct),
        showControls(item.reasons.join('; ')),
      ],
    };
  });
  const header = ['verdict', 'package', 'grade · score', 'dependency', 'reasons'];
  const widths = header.map((title, column) => Math.max(widthOf(title), ...rows.map((r) => widthOf(r.cells[column]!))));
  if (options.width !== undefined) fitWidths(widths, options.width);

  const line = (cells: string[], paintCell: (text: string, column: number) => string): string =>
    cells
      .map((cell, column) => {
        const shown = truncate(cell, widths[column]!);
        const padded = column === cells.length - 1 ? shown : padEnd(shown, widths[column]!);
        // Paint the text only, never the padding, so columns line up with and without colour.
        return paintCell(shown, column) + padded.slice(shown.length);
      })
      .join('  ')
      .trimEnd();

  const lines = [line(header, (text) => paint(text, '1'))];
  for (const { item, cells } of rows) {
    lines.push(
      line(cells, (text, column) => {
        if (column === 0) return paint(text, VERDICT_SGR[item.verdict]);
        if (column === 2) return paint(text, item.outcome.status === 'found' ? GRADE_SGR[item.outcome.grade] : '35');
        return text;
      }),
    );
  }
  if (report.items.length === 0) lines.push('(no dependencies)');
  const { fail, warn, pass, ignored } = report.counts;
  const fileCount = `${report.files.length} file${report.files.length === 1 ? '' : 's'}`;
  lines.push(
    '',
    `${fail} failed, ${warn} warned, ${pass} passed, ${ignored} skipped (${report.items.length} dependencies in ${fileCount})`,
    `gate: ${showControls(describeGate(report.gate))}`,
    report.passed ? paint('PASSED', '1;32') : paint('FAILED', '1;31'),
  );
  return `${lines.join('\n')}\n`;
}

/** Shrinks the package (column 1) and reasons (column 4) widths so a row fits `width`, when it can. */
function fitWidths(widths: number[], width: number): void {
  const gaps = 2 * (widths.length - 1);
  const fixed = widths[0]! + widths[2]! + widths[3]! + gaps;
  const room = width - fixed;
  if (widths[1]! + widths[4]! <= room) return;
  const minReasons = Math.min(widths[4]!, 24);
  widths[1] = Math.max(12, Math.min(widths[1]!, room - minReasons));
  widths[4] = Math.max(8, room - widths[1]!);
}

// ---- JSON --------------------------------------------------------------------------------------

/** Bumped when a field changes meaning or goes away; new fields may appear without a bump. */
export const CHECK_JSON_SCHEMA_VERSION = 1;

/**
 * `trustbadge check --format json`, version 1. Keys come in this order; `outcome` is the server's
 * answer for the package URL exactly as `POST /v1/preflight` gave it (BatchItem in the OpenAPI document).
 */
export interface CheckJson {
  schemaVersion: typeof CHECK_JSON_SCHEMA_VERSION;
  server: string;
  files: string[];
  gate: Gate;
  counts: Record<Verdict, number>;
  /** True when nothing failed (exit 0). */
  passed: boolean;
  /** Weakest first: failures, warnings, passes, ignored. */
  items: (Dependency & { verdict: Verdict; reasons: string[]; outcome: BatchItem })[];
}

export function formatJson(report: CheckReport): string {
  const json: CheckJson = {
    schemaVersion: CHECK_JSON_SCHEMA_VERSION,
    server: report.server,
    files: report.files,
    gate: { minGrade: report.gate.minGrade, minScore: report.gate.minScore, unknown: report.gate.unknown, ignore: report.gate.ignore },
    counts: { fail: report.counts.fail, warn: report.counts.warn, pass: report.counts.pass, ignored: report.counts.ignored },
    passed: report.passed,
    items: report.items.map(({ dependency: d, verdict, reasons, outcome }) => ({
      purl: d.purl, name: d.name, version: d.version, direct: d.direct, file: d.file, line: d.line, verdict, reasons, outcome,
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

// ---- rules shared by SARIF and JUnit -----------------------------------------------------------

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
