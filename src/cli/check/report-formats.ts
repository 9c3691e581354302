// Prints a CheckReport for people (text table) and for scripts (JSON); ci-formats.ts prints it for
// GitHub code scanning and CI test reports. Pure and repeatable: no clock, no env, no random ids.
// Names come from lockfiles anyone can write: text escapes control characters (no terminal
// injection).

import type { Grade } from '../../domain/grade.js';
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
export function describeOutcome(outcome: BatchItem): string {
  return outcome.status === 'found' ? `${outcome.grade} · ${outcome.score}` : outcome.status;
}

export const packageLabel = (item: CheckedDependency): string => {
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
