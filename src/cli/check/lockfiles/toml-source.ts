// TOML lockfiles (poetry.lock, Cargo.lock) read with smol-toml, and the line of each `[[package]]`
// entry's name found in the text, since the parsed tables carry no positions.

import { parse, TomlError } from 'smol-toml';
import { InputError } from '../check-report.js';

export interface TomlPackage {
  name: string;
  version: string | null;
  /** The table as parsed, for the fields each format adds (`source`). */
  table: Record<string, unknown>;
  line: number | null;
}

/** Each `[[package]]` table in file order; a syntax error is an InputError at smol-toml's line. */
export function readTomlPackages(file: string, text: string, what: string): TomlPackage[] {
  let document: Record<string, unknown>;
  try {
    document = parse(text);
  } catch (error) {
    if (error instanceof TomlError) throw new InputError(`not valid TOML, so not a readable ${what}: ${error.message.split('\n')[0]}`, file, error.line);
    throw error;
  }
  const packages = document.package ?? [];
  if (!Array.isArray(packages)) throw new InputError(`"package" is not a list of [[package]] tables, so this is not a ${what}`, file, null);
  const lines = packageNameLines(text);
  return packages.map((table: unknown, index) => {
    const line = lines[index] ?? null;
    if (!isTable(table) || typeof table.name !== 'string') throw new InputError(`a [[package]] table has no name`, file, line);
    return { name: table.name, version: typeof table.version === 'string' ? table.version : null, table, line };
  });
}

export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** For each `[[package]]` header, in order, the line of the first `name = …` after it (or of the header). */
function packageNameLines(text: string): number[] {
  const found: number[] = [];
  let waiting = false;
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^\s*\[\[\s*package\s*\]\]/.test(line)) {
      found.push(index + 1);
      waiting = true;
    } else if (waiting && /^\s*name\s*=/.test(line)) {
      found[found.length - 1] = index + 1;
      waiting = false;
    } else if (waiting && /^\s*\[/.test(line)) {
      waiting = false;
    }
  });
  return found;
}
