// What validating the JSON report's request from its schema costs, beside the hand-written check it
// replaced, for `npm run bench`: both read the same /v1/preflight queries in this process, and the
// difference is set against the report's whole CPU per request as the service spends it under load.
// Bench-only: the hand-written twin below is kept here, never shipped.

import { readFileSync } from 'node:fs';
import { AppError } from '../src/domain/errors.js';
import { parseTarget } from '../src/domain/target.js';
import { readQuery } from '../src/http/request/read-params.js';
import { PreflightQuerySchema } from '../src/schema/params.js';

/** The route's check before the schema (a string, else invalid_target), then the service's target parse, as both still do. */
function handWritten(query: Record<string, unknown>): unknown {
  const { target } = query;
  if (typeof target !== 'string') throw new AppError('invalid_target', { detail: 'Give exactly one target, e.g. /v1/preflight?target=github/owner/repo.' });
  return parseTarget(target);
}

function fromSchema(query: Record<string, unknown>): unknown {
  const { target } = readQuery(PreflightQuerySchema, query, 'invalid_target');
  return parseTarget(target);
}

/** Nanoseconds of CPU per call of each, over `rounds` alternating passes of all the queries (best pass kept). */
export function measureValidation(targets: readonly string[], rounds = 7): { schemaNs: number; handWrittenNs: number } {
  const queries = targets.map((target) => ({ target: decodeURIComponent(target) }));
  const pass = (check: (query: Record<string, unknown>) => unknown): number => {
    const start = process.cpuUsage();
    for (const query of queries) check(query);
    const used = process.cpuUsage(start);
    return ((used.user + used.system) * 1000) / queries.length;
  };
  let schemaNs = Infinity;
  let handWrittenNs = Infinity;
  for (let round = 0; round < rounds; round++) {
    handWrittenNs = Math.min(handWrittenNs, pass(handWritten));
    schemaNs = Math.min(schemaNs, pass(fromSchema));
  }
  return { schemaNs, handWrittenNs };
}

/** A process's CPU time so far (user + system), in nanoseconds, from /proc (Linux clock ticks of 10 ms). */
export function processCpuNs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After the command name: state is field 3, so utime (14) and stime (15) sit at 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) * 10_000_000;
}
