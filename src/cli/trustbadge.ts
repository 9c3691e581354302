#!/usr/bin/env node
// The `trustbadge` command (package.json `bin`): `trustbadge check [FILE…]` gates a project's
// dependencies on their trust scores (cli/check/check.ts).

import { readFileSync } from 'node:fs';
import { processIo, runCheck, USAGE } from './check/check.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const [command, ...args] = process.argv.slice(2);

if (command === 'check') {
  process.exitCode = await runCheck(args, processIo(version));
} else if (command === '--version') {
  process.stdout.write(`${version}\n`);
} else {
  process.stderr.write(command === undefined || command === '--help' || command === '-h' ? USAGE : `trustbadge: unknown command "${command}"\n\n${USAGE}`);
  process.exitCode = command === '--help' || command === '-h' ? 0 : 2;
}
