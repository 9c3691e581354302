// yarn.lock, both the v1 format and Berry's (yarn 2+, `__metadata`), read with @yarnpkg/parsers.
// Registry packages only: workspace, patch, git, file and link entries name no npm version.

import { parseSyml } from '@yarnpkg/parsers';
import { InputError, type Dependency } from '../check-report.js';
import { npmPurl } from './npm.js';

type Entry = Record<string, unknown>;

export function readYarnLockfile(file: string, text: string): Dependency[] {
  const lockfile = parseYarnLockfile(file, text);
  const lines = descriptorLines(text);
  return '__metadata' in lockfile ? readBerry(file, lockfile, lines) : readClassic(file, lockfile, lines);
}

function parseYarnLockfile(file: string, text: string): Record<string, unknown> {
  try {
    return parseSyml(text);
  } catch (error) {
    throw new InputError(`not a readable yarn.lock: ${firstLine(error)}`, file, errorLine(error));
  }
}

/** v1: each key is one descriptor (`name@range`, or `alias@npm:name@range`); no entry says which the project declared. */
function readClassic(file: string, lockfile: Record<string, unknown>, lines: ReadonlyMap<string, number>): Dependency[] {
  const dependencies: Dependency[] = [];
  for (const [descriptor, value] of Object.entries(lockfile)) {
    const entry = asEntry(file, descriptor, value, lines);
    const { name, range } = splitDescriptor(descriptor);
    const aliased = range.startsWith('npm:') ? splitDescriptor(range.slice(4)) : null;
    if (aliased === null && !isRegistryRange(range)) continue;
    const version = typeof entry.version === 'string' ? entry.version : null;
    if (version === null) throw new InputError(`the entry "${descriptor}" has no version`, file, lines.get(descriptor) ?? null);
    const realName = aliased?.name ?? name;
    dependencies.push({ purl: npmPurl(realName, version), name: realName, version, direct: null, file, line: lines.get(descriptor) ?? null });
  }
  return dependencies;
}

/** Berry: keys list descriptors (`"ms@npm:2.1.2, ms@npm:^2.1.1"`); `resolution` is the locator (`ms@npm:2.1.3`). */
function readBerry(file: string, lockfile: Record<string, unknown>, lines: ReadonlyMap<string, number>): Dependency[] {
  const entries = Object.entries(lockfile).filter(([key]) => key !== '__metadata');
  // The workspaces' own entries list what the project declared, as descriptors of the other entries.
  const declared = new Set<string>();
  for (const [key, value] of entries) {
    const entry = asEntry(file, key, value, lines);
    if (typeof entry.resolution !== 'string' || !entry.resolution.includes('@workspace:')) continue;
    for (const [name, range] of Object.entries(asRecord(entry.dependencies))) {
      if (typeof range !== 'string') continue;
      declared.add(`${name}@${range}`);
      if (!/^[a-z]+:/.test(range)) declared.add(`${name}@npm:${range}`);
      // A patched dependency (`patch:resolve@npm%3A^1.22.1#…`) declares the npm descriptor it wraps.
      const patched = /^patch:([^#]+)/.exec(range)?.[1];
      if (patched !== undefined) declared.add(patched.replaceAll('%3A', ':'));
    }
  }
  const dependencies: Dependency[] = [];
  for (const [key, value] of entries) {
    const entry = asEntry(file, key, value, lines);
    const descriptors = key.split(',').map((descriptor) => descriptor.trim());
    const line = lines.get(descriptors[0] ?? '') ?? null;
    if (typeof entry.resolution !== 'string') throw new InputError(`the entry "${key}" has no resolution`, file, line);
    const locator = splitDescriptor(entry.resolution);
    if (!locator.range.startsWith('npm:')) continue;
    const version = typeof entry.version === 'string' ? entry.version : locator.range.slice(4);
    const direct = descriptors.some((descriptor) => declared.has(descriptor));
    dependencies.push({ purl: npmPurl(locator.name, version), name: locator.name, version, direct, file, line });
  }
  return dependencies;
}

/** `@scope/name@range` → name and range: the name's own "@" can only be the first character. */
function splitDescriptor(descriptor: string): { name: string; range: string } {
  const at = descriptor.indexOf('@', 1);
  return at < 0 ? { name: descriptor, range: '' } : { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}

/** A semver range or dist-tag, not a URL, path, git or GitHub shorthand (`user/repo`). */
function isRegistryRange(range: string): boolean {
  return !/^[a-z+]+:/i.test(range) && !range.includes('/');
}

function asEntry(file: string, key: string, value: unknown, lines: ReadonlyMap<string, number>): Entry {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Entry;
  throw new InputError(`the entry "${key}" is not a block of fields`, file, lines.get(key.split(',')[0]?.trim() ?? '') ?? null);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Each descriptor of each entry's header line (unindented, ending in ":"), with its 1-based line. */
function descriptorLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (!/^[^\s#].*:\s*$/.test(line)) return;
    for (const piece of line.replace(/:\s*$/, '').split(',')) {
      const descriptor = piece.trim().replace(/^"|"$/g, '');
      if (!lines.has(descriptor)) lines.set(descriptor, index + 1);
    }
  });
  return lines;
}

/** Both parsers say where they stopped: peggy (v1) as `location.start.line`, js-yaml (Berry) as a 0-based `mark.line`. */
function errorLine(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  if ('location' in error && isRecord(error.location) && isRecord(error.location.start) && typeof error.location.start.line === 'number') return error.location.start.line;
  if ('mark' in error && isRecord(error.mark) && typeof error.mark.line === 'number') return error.mark.line + 1;
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
