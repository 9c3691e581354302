// One-at-a-time latency probes as the bench measures them: in a process of their own that holds
// nothing but the URLs, so the client's own garbage collections (the bench holds a million targets
// and half a million mix paths) are not counted as the server's time. URLs on stdin, one a line;
// the latencies of the 200 answers, in ms, as one JSON array on stdout.

import { text } from 'node:stream/consumers';
import { probeLatencies } from './bench-load.js';

async function main(): Promise<void> {
  const urls = (await text(process.stdin)).split('\n').filter((line) => line !== '');
  const latencies = await probeLatencies(urls, 0, new AbortController().signal);
  process.stdout.write(`${JSON.stringify(latencies)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`probe-child: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
