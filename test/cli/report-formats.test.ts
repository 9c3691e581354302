// The output formats of `trustbadge check`: SARIF checked against the SARIF 2.1.0 JSON schema and
// JUnit against the JUnit XSD Jenkins validates with, both copied into test/fixtures, for arbitrary
// reports with hostile names; the text table's grammar; JSON's round trip.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { formatJunit, formatSarif } from '../../src/cli/check/ci-formats.js';
import { formatJson, formatText, type CheckJson } from '../../src/cli/check/report-formats.js';
import type { CheckedDependency, CheckReport, Gate, Verdict } from '../../src/cli/check/check-report.js';
import { GRADES } from '../../src/domain/grade.js';
import type { BatchItem, SearchResult } from '../../src/schema/answers.js';

/** The published schemas, copied unchanged (test/fixtures/report-schemas/README.md says from where). */
const SCHEMAS = join(import.meta.dirname, '../fixtures/report-schemas');
/** OASIS SARIF 2.1.0 (errata 01), JSON Schema draft-04. */
const SARIF_SCHEMA_FILE = join(SCHEMAS, 'sarif-schema-2.1.0.json');
/** The JUnit schema Jenkins' xUnit plugin validates reports against. */
const JUNIT_XSD_FILE = join(SCHEMAS, 'junit-10.xsd');

// The schema's `language` pattern (`…{2}]?$`) is only valid without the `u` flag, as its authors
// wrote it for: unicodeRegExp off. Formats (uri, uri-reference) are checked.
const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validateSarifLog = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as object);
const JUNIT_XSD = readFileSync(JUNIT_XSD_FILE, 'utf8');

function sarifProblems(text: string): string[] {
  return validateSarifLog(JSON.parse(text)) ? [] : (validateSarifLog.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

async function junitProblems(xmls: string[]): Promise<string[]> {
  const result = await validateXML({
    xml: xmls.map((contents, i) => ({ fileName: `report-${i}.xml`, contents })),
    schema: { fileName: 'junit-10.xsd', contents: JUNIT_XSD },
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

const TOOL = { version: '0.1.0', informationUri: 'https://trustbadge.example/docs/check' };
const SGR = /\u001b\[[0-9;]*m/g;

// ---- arbitraries -------------------------------------------------------------------------------

const ODD_NAMES = ['a&b<c>"d\'e', 'naïve-日本語', 'emoji-😀', 'ctl\u0000\u0007\u001b[31mred', 'lone\uD800surrogate', 'tab\there\r\nline', 'x\uFFFEy', ']]>'];
const nameArb = fc.oneof(fc.constantFrom('left-pad', '@types/node', 'sharp', ...ODD_NAMES), fc.string({ unit: 'binary', maxLength: 12 }));
const fileArb = fc.constantFrom('package-lock.json', 'sub dir/requirements.txt', 'a&b/<x>"\'.lock', 'win\\path\\Cargo.lock', '/abs/go.sum', './ünï/pnpm-lock.yaml', 'C:\\repo\\yarn.lock', 'ctl\u001b.txt', '50%?#.json');
const scoreArb = fc.integer({ min: 0, max: 1000 }).map((n) => n / 10);
const gradeArb = fc.constantFrom(...GRADES);

const searchResultArb: fc.Arbitrary<SearchResult> = fc.record({
  registry: fc.constantFrom('npm', 'pypi'), name: nameArb, category: fc.constant('library'), description: fc.option(nameArb),
  score: scoreArb, grade: gradeArb, target: fc.constant('npm/x'),
});

const outcomeArb = (input: string): fc.Arbitrary<BatchItem> =>
  fc.oneof(
    fc.record({
      input: fc.constant(input), status: fc.constant('found' as const), target: fc.constant('npm/left-pad'),
      entity: fc.record({ registry: fc.constant('npm'), name: nameArb, category: fc.constant('library') }),
      score: scoreArb, grade: gradeArb, verified: fc.boolean(), report: fc.constant('https://trustbadge.example/r/npm/left-pad'),
    }),
    fc.record({ input: fc.constant(input), status: fc.constant('unknown' as const), target: nameArb }),
    fc.record({ input: fc.constant(input), status: fc.constant('ambiguous' as const), candidates: fc.array(searchResultArb, { maxLength: 2 }), more_candidates: fc.boolean() }),
    fc.record({ input: fc.constant(input), status: fc.constant('invalid' as const), reason: nameArb }),
    fc.record({ input: fc.constant(input), status: fc.constant('unsupported' as const), reason: nameArb }),
  );

const itemArb: fc.Arbitrary<CheckedDependency> = fc
  .record({
    type: fc.constantFrom('npm', 'pypi', 'cargo'),
    name: nameArb,
    version: fc.option(fc.constantFrom('1.0.0', '2.3.4-beta.1', 'ü&<1>'), { nil: null }),
    direct: fc.constantFrom(true, false, null),
    file: fileArb,
    line: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
    verdict: fc.constantFrom<Verdict>('fail', 'warn', 'pass', 'ignored'),
    reasons: fc.array(nameArb, { maxLength: 2 }),
  })
  .chain((d) => {
    // Unencoded on purpose: the formats must cope with whatever a reader put there.
    const purl = `pkg:${d.type}/${d.name}${d.version === null ? '' : `@${d.version}`}`;
    return outcomeArb(purl).map((outcome) => ({
      dependency: { purl, name: d.name, version: d.version, direct: d.direct, file: d.file, line: d.line },
      outcome,
      verdict: d.verdict,
      reasons: d.verdict === 'pass' ? [] : d.reasons,
    }));
  });

const gateArb: fc.Arbitrary<Gate> = fc.record({
  minGrade: fc.option(gradeArb, { nil: null }),
  minScore: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  unknown: fc.constantFrom('fail' as const, 'warn' as const, 'ignore' as const),
  ignore: fc.array(fc.constant('pkg:npm/left-pad'), { maxLength: 2 }),
});

const VERDICT_ORDER: Verdict[] = ['fail', 'warn', 'pass', 'ignored'];

function reportOf(items: CheckedDependency[], gate: Gate, files?: string[]): CheckReport {
  const sorted = [...items].sort((a, b) => VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict));
  const counts = { pass: 0, fail: 0, warn: 0, ignored: 0 };
  for (const item of sorted) counts[item.verdict]++;
  return {
    files: files ?? [...new Set(items.map((i) => i.dependency.file))],
    server: 'https://trustbadge.example',
    gate,
    items: sorted,
    counts,
    passed: counts.fail === 0,
  };
}

const reportArb = fc.tuple(fc.array(itemArb, { maxLength: 8 }), gateArb).map(([items, gate]) => reportOf(items, gate));

// ---- examples ----------------------------------------------------------------------------------

const GATE: Gate = { minGrade: 'C', minScore: 60, unknown: 'warn', ignore: [] };

function dep(name: string, version: string | null, file: string, line: number | null, direct: boolean | null) {
  const purl = `pkg:npm/${name.replace('@', '%40')}${version === null ? '' : `@${version}`}`;
  return { purl, name, version, direct, file, line };
}

const found = (input: string, grade: (typeof GRADES)[number], score: number): BatchItem => ({
  input, status: 'found', target: 'npm/x', entity: { registry: 'npm', name: 'x', category: 'library' },
  score, grade, verified: score >= 70, report: 'https://trustbadge.example/r/npm/x',
});

const EXAMPLE = reportOf(
  [
    { dependency: dep('left-pad', '1.3.0', 'package-lock.json', 12, false), outcome: found('pkg:npm/left-pad@1.3.0', 'D', 45), verdict: 'fail', reasons: ['grade D is below C', 'score 45 is below 60'] },
    { dependency: dep('mystery', '0.0.1', 'sub/package-lock.json', null, true), outcome: { input: 'pkg:npm/mystery@0.0.1', status: 'unknown', target: 'npm/mystery' }, verdict: 'warn', reasons: ['not in the catalogue'] },
    { dependency: dep('express', '5.1.0', 'package-lock.json', 40, true), outcome: found('pkg:npm/express@5.1.0', 'A', 91.5), verdict: 'pass', reasons: [] },
    { dependency: dep('@types/node', null, 'package-lock.json', null, null), outcome: found('pkg:npm/%40types/node', 'B', 74), verdict: 'ignored', reasons: ['ignored by --ignore'] },
  ],
  GATE,
  ['package-lock.json', 'sub/package-lock.json'],
);

describe('formatText', () => {
  it('prints the table, weakest first, then the counts, the gate and the result', () => {
    expect(formatText(EXAMPLE, { color: false })).toBe(
      [
        'verdict  package         grade · score  dependency  reasons',
        'FAIL     left-pad@1.3.0  D · 45         transitive  grade D is below C; score 45 is below 60',
        'WARN     mystery@0.0.1   unknown        direct      not in the catalogue',
        'ok       express@5.1.0   A · 91.5       direct',
        'skip     @types/node     B · 74         –           ignored by --ignore',
        '',
        '1 failed, 1 warned, 1 passed, 1 skipped (4 dependencies in 2 files)',
        'gate: grade ≥ C, score ≥ 60, unknown: warn',
        'FAILED',
        '',
      ].join('\n'),
    );
  });

  it('colours verdicts and grades only when asked, and colour adds nothing but SGR codes', () => {
    const coloured = formatText(EXAMPLE, { color: true });
    expect(coloured).toMatch(/\u001b\[1;31mFAIL\u001b\[0m/);
    expect(coloured).toMatch(/\u001b\[32mA · 91\.5\u001b\[0m/);
    expect(coloured.replace(SGR, '')).toBe(formatText(EXAMPLE, { color: false }));
  });

  it('shows the package URL when two packages share a name and version', () => {
    const twins = reportOf(
      [
        { dependency: { ...dep('six', '1.0.0', 'a.txt', 1, true), purl: 'pkg:pypi/six@1.0.0' }, outcome: found('x', 'A', 90), verdict: 'pass', reasons: [] },
        { dependency: dep('six', '1.0.0', 'package-lock.json', 2, true), outcome: found('y', 'A', 90), verdict: 'pass', reasons: [] },
      ],
      GATE,
    );
    const text = formatText(twins, { color: false });
    expect(text).toContain('pkg:pypi/six@1.0.0');
    expect(text).toContain('pkg:npm/six@1.0.0');
  });

  it('cuts with … only beyond the width it is given', () => {
    const long = reportOf([{ dependency: dep('a'.repeat(80), '1.0.0', 'p.json', 1, true), outcome: found('x', 'F', 3), verdict: 'fail', reasons: ['r'.repeat(80)] }], GATE);
    expect(formatText(long, { color: false })).not.toContain('…');
    const narrow = formatText(long, { color: false, width: 80 });
    const rows = narrow.split('\n').slice(0, 2);
    for (const row of rows) expect([...row].length).toBeLessThanOrEqual(80);
    expect(rows[1]).toMatch(/a…\s/);
    expect(rows[1]).toMatch(/r…$/);
  });

  it('never prints an escape or control code in plain mode, whatever the names hold', () => {
    fc.assert(
      fc.property(reportArb, fc.option(fc.integer({ min: 20, max: 200 }), { nil: undefined }), (report, width) => {
        const plain = formatText(report, { color: false, width });
        expect(plain).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
        expect(plain.endsWith('\n')).toBe(true);
        // One row per dependency between the header and the blank line before the summary.
        expect(plain.split('\n').indexOf('')).toBe(1 + Math.max(report.items.length, 1));
        expect(formatText(report, { color: true, width }).replace(SGR, '')).toBe(plain);
      }),
    );
  });
});

describe('formatJson', () => {
  it('round-trips every field of the report, pretty-printed with a newline at the end', () => {
    fc.assert(
      fc.property(reportArb, (report) => {
        const text = formatJson(report);
        expect(text.endsWith('}\n')).toBe(true);
        expect(text).toContain('\n  "schemaVersion": 1,\n');
        const json = JSON.parse(text) as CheckJson;
        const back: CheckReport = {
          files: json.files, server: json.server, gate: json.gate, counts: json.counts, passed: json.passed,
          items: json.items.map(({ purl, name, version, direct, file, line, verdict, reasons, outcome }) => ({
            dependency: { purl, name, version, direct, file, line }, outcome, verdict, reasons,
          })),
        };
        // Lone surrogates are written as \udXXX escapes and read back as themselves.
        expect(back).toEqual(report);
      }),
    );
  });
});

describe('formatSarif', () => {
  it('reports failures as errors and warnings as warnings, where they are; passes not at all', () => {
    const sarif = JSON.parse(formatSarif(EXAMPLE, TOOL));
    const run = sarif.runs[0];
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('trustbadge');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['trustbadge/below-min-grade', 'trustbadge/below-min-score', 'trustbadge/not-in-catalogue']);
    expect(run.results).toHaveLength(2);
    const [fail, warn] = run.results;
    expect(fail).toMatchObject({
      ruleId: 'trustbadge/below-min-grade',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'package-lock.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 12 } } }],
      properties: { grade: 'D', score: 45 },
    });
    expect(fail.message.text).toMatch(/left-pad@1\.3\.0.*grade D, score 45.*gate: grade ≥ C, score ≥ 60/);
    expect(warn).toMatchObject({ ruleId: 'trustbadge/not-in-catalogue', level: 'warning', locations: [{ physicalLocation: { artifactLocation: { uri: 'sub/package-lock.json' } } }] });
    expect(warn.locations[0].physicalLocation.region).toBeUndefined();
    expect(JSON.stringify(run.results)).not.toContain('express');
    expect(run.results[0].ruleIndex).toBe(0);
    expect(sarifProblems(formatSarif(EXAMPLE, TOOL))).toEqual([]);
  });

  it('fingerprints a finding by file and package URL, not by line', () => {
    const fingerprintOf = (line: number, file: string) => {
      const report = reportOf([{ ...EXAMPLE.items[0]!, dependency: { ...EXAMPLE.items[0]!.dependency, line, file } }], GATE);
      return JSON.parse(formatSarif(report, TOOL)).runs[0].results[0].partialFingerprints as Record<string, string>;
    };
    expect(fingerprintOf(12, 'a.json')).toEqual(fingerprintOf(99, 'a.json'));
    expect(fingerprintOf(12, 'a.json')).not.toEqual(fingerprintOf(12, 'b.json'));
  });

  it('writes relative paths with forward slashes under %SRCROOT%', () => {
    const at = (file: string) => {
      const report = reportOf([{ ...EXAMPLE.items[0]!, dependency: { ...EXAMPLE.items[0]!.dependency, file } }], GATE);
      return JSON.parse(formatSarif(report, TOOL)).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    };
    expect(at('win\\sub dir\\Cargo.lock')).toEqual({ uri: 'win/sub%20dir/Cargo.lock', uriBaseId: '%SRCROOT%' });
    expect(at('./package-lock.json')).toEqual({ uri: 'package-lock.json', uriBaseId: '%SRCROOT%' });
    expect(at('/abs/go.sum')).toEqual({ uri: 'file:///abs/go.sum' });
  });

  it('always validates against the SARIF 2.1.0 schema, gives one result per failure or warning, and repeats itself', () => {
    fc.assert(
      fc.property(reportArb, (report) => {
        const text = formatSarif(report, TOOL);
        expect(text.endsWith('\n')).toBe(true);
        expect(sarifProblems(text)).toEqual([]);
        expect(formatSarif(report, TOOL)).toBe(text);
        const results = JSON.parse(text).runs[0].results as { level: string }[];
        const expected = report.items.filter((i) => i.verdict === 'fail' || i.verdict === 'warn').map((i) => (i.verdict === 'fail' ? 'error' : 'warning'));
        expect(results.map((r) => r.level)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('has a schema check that can fail', () => {
    const broken = JSON.parse(formatSarif(EXAMPLE, TOOL));
    broken.runs[0].results[0].level = 'fatal';
    expect(sarifProblems(JSON.stringify(broken))).not.toEqual([]);
  });
});

describe('formatJunit', () => {
  it('writes a suite per file and a case per dependency, failures, skips and warnings in their places', async () => {
    const xml = formatJunit(EXAMPLE);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="trustbadge check" tests="4" failures="1" errors="0">')).toBe(true);
    expect(xml).toContain('<testsuite name="package-lock.json" tests="3" failures="1" errors="0" skipped="1">');
    expect(xml).toContain('<testsuite name="sub/package-lock.json" tests="1" failures="0" errors="0" skipped="0">');
    expect(xml).toMatch(/<testcase name="pkg:npm\/left-pad@1\.3\.0" classname="package-lock\.json">\s*<failure message="grade D is below C; score 45 is below 60" type="trustbadge\/below-min-grade">/);
    expect(xml).toMatch(/<testcase name="pkg:npm\/%40types\/node" classname="package-lock\.json">\s*<skipped\/>/);
    expect(xml).toMatch(/<testcase name="pkg:npm\/mystery@0\.0\.1"[^>]*>\s*<system-out>warning: mystery@0\.0\.1/);
    expect(xml).not.toMatch(/timestamp|time=/);
    expect(await junitProblems([xml])).toEqual([]);
  });

  it('escapes names in attributes and text, and drops what XML 1.0 forbids', async () => {
    const name = 'a&b<c>"d\'e\u0000\u001b\uD800]]>';
    const report = reportOf([{ dependency: { ...dep(name, '1.0.0', 'x&y.json', null, true), purl: `pkg:npm/${name}` }, outcome: found('x', 'F', 1), verdict: 'fail', reasons: [name] }], GATE);
    const xml = formatJunit(report);
    expect(xml).toContain('name="pkg:npm/a&amp;b&lt;c&gt;&quot;d&apos;e]]&gt;"');
    expect(xml).toContain('classname="x&amp;y.json"');
    expect(xml).not.toMatch(/[\u0000\u001b]|\uD800/);
    expect(await junitProblems([xml])).toEqual([]);
  });

  it('always validates against the JUnit XSD, and repeats itself', async () => {
    // One xmllint run for all the samples: a run starts a WebAssembly instance.
    const reports = fc.sample(reportArb, { numRuns: 150, seed: 20_261_205 });
    const xmls = reports.map((r) => formatJunit(r));
    expect(reports.map((r) => formatJunit(r))).toEqual(xmls);
    expect(await junitProblems(xmls)).toEqual([]);
    await fc.assert(
      fc.asyncProperty(reportArb, async (report) => {
        expect(await junitProblems([formatJunit(report)])).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });

  it('has a schema check that can fail', async () => {
    expect(await junitProblems([formatJunit(EXAMPLE).replace('<testsuites name="trustbadge check"', '<testsuites skipped="1"')])).not.toEqual([]);
  });
});
