// Seeds and run counts for the property tests. Fixed by default, so CI replays the same cases;
// explore further with e.g. `FUZZ_SEED=$RANDOM FUZZ_RUNS=20000 npx vitest run test/fuzz`
// (FUZZ_RUNS sets every property's run count; a failure prints the seed and path to replay it).

import type { Server } from 'node:http';
import { listenTestApp } from '../helpers/listen.js';

const DEFAULT_SEED = 20_261_124;

export const FUZZ_SEED = Number.parseInt(process.env.FUZZ_SEED ?? '', 10) || DEFAULT_SEED;

export function fuzzRuns(defaultRuns: number): number {
  const runs = Number.parseInt(process.env.FUZZ_RUNS ?? '', 10);
  return runs > 0 ? runs : defaultRuns;
}

/** fast-check options for one property; interruptAfterTimeLimit is not used: runs are counted, not timed. */
export function fuzzOptions(defaultRuns: number) {
  return { seed: FUZZ_SEED, numRuns: fuzzRuns(defaultRuns) };
}

/** Generous per-test timeout that grows with the run count (a slow shared machine must not fail a correct run). */
export function fuzzTimeoutMs(defaultRuns: number): number {
  return 60_000 + fuzzRuns(defaultRuns) * 50;
}

/** One listening server for a whole file, through the production server factory: supertest reuses it instead of listening per request. */
export async function listen(t: Parameters<typeof listenTestApp>[0]): Promise<Server & { port: number }> {
  const listening = await listenTestApp(t);
  return Object.assign(listening.server, { port: listening.port });
}
