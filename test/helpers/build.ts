// Compiles the service as `npm run build` does, into a temporary folder, for tests that run the
// compiled entry points as a user would (their own process, their own memory).

import { execFile } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULTS } from '../../src/config.js';
import { tempDir } from './test-app.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface BuiltService {
  /** The compiled `dist/` folder. */
  dist: string;
  /** A scratch folder beside it, removed with it. */
  dir: string;
  /** An environment for the compiled service: PATH, the project's fonts, data and assets, then `extra`. */
  env: (extra: Record<string, string>) => NodeJS.ProcessEnv;
  remove: () => void;
}

export async function buildService(): Promise<BuiltService> {
  const dir = tempDir();
  const dist = join(dir.path, 'dist');
  // Packages resolve upwards from the compiled files: give the temp build the project's.
  symlinkSync(join(ROOT, 'node_modules'), join(dir.path, 'node_modules'));
  await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dist, '--incremental', 'false'], { cwd: ROOT });
  return {
    dist,
    dir: dir.path,
    // The temporary build sits outside the project: point it at the project's own fonts, data and assets.
    env: (extra) => ({ PATH: process.env.PATH, FONTS_DIR: DEFAULTS.fontsDir, SAMPLE_DATA_PATH: DEFAULTS.sampleDataPath, PUBLIC_DIR: DEFAULTS.publicDir, ...extra }),
    remove: dir.remove,
  };
}
