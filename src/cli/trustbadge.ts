#!/usr/bin/env node
// The `trustbadge` command (package.json `bin`): `trustbadge check [FILE…]` gates a project's
// dependencies on their trust scores (cli/check/check.ts); `trustbadge verify FILE` checks an attestation (cli/verify.ts).

import { readFileSync } from 'node:fs';
import { processIo, runCheck, USAGE } from './check/check.js';
import { processVerifyIo, runVerify, USAGE as VERIFY_USAGE } from './verify.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const [command, ...args] = process.argv.slice(2);

if (command === 'check') {
  process.exitCode = await runCheck(args, processIo(version));
} else if (command === 'verify') {
  process.exitCode = await runVerify(args, processVerifyIo(version));
} else if (command === '--version') {
  process.stdout.write(`${version}\n`);
} else {
  const usage = `${USAGE}\n${VERIFY_USAGE}`;
  process.stderr.write(command === undefined || command === '--help' || command === '-h' ? usage : `trustbadge: unknown command "${command}"\n\n${usage}`);
  process.exitCode = command === '--help' || command === '-h' ? 0 : 2;
}
