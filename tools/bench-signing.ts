// What signing one attestation costs in the service's own code: the signer (jose, Ed25519) over a
// report's payload, timed call by call after a warm-up, in a lean process of its own (the bench holds
// a million targets, whose collections would be counted as signing). Payload on stdin; p50/p99 in ms as JSON.

import { text } from 'node:stream/consumers';
import { createSigner } from '../src/services/signing-keys.js';
import { percentile } from './bench-load.js';

const WARM_UP = 500;

async function main(): Promise<void> {
  const signs = Number(process.argv[2] ?? 10_000);
  const payload = JSON.parse(await text(process.stdin)) as Record<string, unknown>;
  const signer = createSigner(null, { onEphemeral: () => undefined });
  const options = { typ: 'trustbadge-attestation+jwt', ttlSeconds: 86_400 };
  for (let i = 0; i < WARM_UP; i++) await signer.sign(payload, options);
  const times: number[] = [];
  for (let i = 0; i < signs; i++) {
    const started = process.hrtime.bigint();
    await signer.sign(payload, options);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  process.stdout.write(`${JSON.stringify({ p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-signing: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
