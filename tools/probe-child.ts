// One-at-a-time latency probes as the bench measures them: in a process of their own that holds
// nothing but the URLs, so the client's own garbage collections (the bench holds a million targets
// and half a million mix paths) are not counted as the server's time. URLs on stdin, one a line;
// the latencies of the 200 answers, in ms, as one JSON array on stdout. With `--post URL WARMUP`,
// each stdin line is a JSON body POSTed to URL instead; the first WARMUP are not timed.

import { text } from 'node:stream/consumers';
import { postLatencies, probeLatencies } from './bench-load.js';

async function main(): Promise<void> {
  const lines = (await text(process.stdin)).split('\n').filter((line) => line !== '');
  const [mode, url, warmUp] = process.argv.slice(2);
  const latencies = mode === '--post' ? await postLatencies(url!, lines, Number(warmUp ?? 0)) : await probeLatencies(lines, 0, new AbortController().signal);
  process.stdout.write(`${JSON.stringify(latencies)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`probe-child: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
