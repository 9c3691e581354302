// What `trustbadge check` works with: the dependencies read from files, the server's outcome for
// each, and the gate's verdict. The readers (lockfiles/) make Dependencies; the formats
// (report-formats.ts, ci-formats.ts) print a CheckReport; check.ts ties them to the batch endpoint.

import type { BatchItem } from '../../schema/answers.js';
import type { Grade } from '../../domain/grade.js';

export interface Dependency {
  /** Canonical package URL, with version when the file pins one: `pkg:npm/%40types/node@20.1.0`. */
  purl: string;
  name: string;
  version: string | null;
  /** Declared by the project itself; false: pulled in by another; null: the file does not say. */
  direct: boolean | null;
  /** The file it was read from, as given on the command line. */
  file: string;
  /** 1-based line of its entry in that file, when the format has lines worth pointing at. */
  line: number | null;
}

/** A file that cannot be read as what it claims to be, or is not a supported kind: exit 2. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number | null = null,
  ) {
    super(line === null ? `${file}: ${message}` : `${file}:${line}: ${message}`);
    this.name = 'InputError';
  }
}

export type UnknownPolicy = 'fail' | 'warn' | 'ignore';

export interface Gate {
  /** Fail a found dependency graded below this; null: no grade gate. */
  minGrade: Grade | null;
  /** Fail a found dependency scoring below this; null: no score gate. */
  minScore: number | null;
  /** What unknown, ambiguous and unsupported dependencies do to the gate. */
  unknown: UnknownPolicy;
  /** Package URLs (with or without version) the gate skips. */
  ignore: string[];
}

/** pass: meets the gate; fail: breaks it; warn: reported, does not fail; ignored: skipped by --ignore or --unknown ignore. */
export type Verdict = 'pass' | 'fail' | 'warn' | 'ignored';

export interface CheckedDependency {
  dependency: Dependency;
  /** The server's answer for its package URL. */
  outcome: BatchItem;
  verdict: Verdict;
  /** Why it failed or warned, in words (`grade D is below C`, `not in the catalogue`). Empty when it passed. */
  reasons: string[];
}

export interface CheckReport {
  /** The files read, as given. */
  files: string[];
  server: string;
  gate: Gate;
  /** Weakest first: failures, then warnings, then passes, then ignored; lower score first within each. */
  items: CheckedDependency[];
  counts: Record<Verdict, number>;
  /** True when nothing failed: exit 0. */
  passed: boolean;
}
