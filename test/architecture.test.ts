// Keeps imports pointing one way: domain ← store/render ← cache/schema ← services ← http/cli ← app ← main,
// and inside http: request ← observability ← response ← routes ← pages ← the front door (server, hot path, limits).

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');
const LAYERS: Record<string, number> = { domain: 0, store: 1, render: 1, cache: 2, schema: 2, services: 3, http: 4, cli: 4, 'config.ts': 4, 'config-kinds.ts': 4, 'app.ts': 5, 'main.ts': 6 };
/** The rooms of src/http; a file directly in src/http is the front door and may use them all. */
const HTTP_ROOMS: Record<string, number> = { request: 0, observability: 1, response: 2, routes: 3, pages: 4 };
const FRONT_DOOR = 5;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

const layerOf = (file: string): number => {
  const top = relative(SRC, file).split('/')[0]!;
  const layer = LAYERS[top];
  if (layer === undefined) throw new Error(`no layer for ${top}: add it to LAYERS`);
  return layer;
};

/** A file's room in src/http, or null outside it. */
const httpRoomOf = (file: string): number | null => {
  const [top, room, rest] = relative(SRC, file).split('/');
  if (top !== 'http') return null;
  if (rest === undefined) return FRONT_DOOR;
  const rank = HTTP_ROOMS[room!];
  if (rank === undefined) throw new Error(`no room for http/${room}: add it to HTTP_ROOMS`);
  return rank;
};

describe('architecture', () => {
  const files = sourceFiles(SRC);

  it('imports only point toward the domain', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
        const targetFile = files.find((f) => f === target || f === target.replace(/\.ts$/, '.tsx'));
        if (targetFile === undefined) throw new Error(`${relative(SRC, file)} imports missing ${spec}`);
        if (layerOf(targetFile) > layerOf(file)) violations.push(`${relative(SRC, file)} → ${relative(SRC, targetFile)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the rooms of http in their order', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => httpRoomOf(f) !== null)) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
        const room = httpRoomOf(target);
        if (room !== null && room > httpRoomOf(file)!) violations.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  // zod is the package the domain speaks: its records and parameters are declared as schemas,
  // once, for validation, types and the OpenAPI document alike. tldts is the Public Suffix List as
  // pure data (no I/O): the seal rules ask it which hosts unrelated sites share.
  const DOMAIN_PACKAGES = new Set(['zod', 'tldts']);
  it('keeps the domain pure: no node built-ins, packages but zod and tldts, env or clock', () => {
    for (const file of files.filter((f) => layerOf(f) === 0)) {
      expect(importsOf(file).filter((s) => !s.startsWith('./') && !DOMAIN_PACKAGES.has(s)), relative(SRC, file)).toEqual([]);
      const text = readFileSync(file, 'utf8');
      expect(text, relative(SRC, file)).not.toMatch(/process\.env|Date\.now\(\)|new Date\(\)|Math\.random/);
    }
  });

  it('never imports tools/: bench, gen and gallery are built apart and not shipped', () => {
    const tools = resolve(SRC, '../tools');
    const violations = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const otherImports = [...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => (m[1] ?? m[2])!);
      return [...importsOf(file), ...otherImports]
        .filter((spec) => spec.startsWith('.') && !relative(tools, resolve(dirname(file), spec)).startsWith('..'))
        .map((spec) => `${relative(SRC, file)} → ${spec}`);
    });
    expect(violations).toEqual([]);
  });

  it('reads process.env only in config.ts', () => {
    const readers = files.filter((f) => readFileSync(f, 'utf8').includes('process.env')).map((f) => relative(SRC, f));
    expect(readers).toEqual(['config.ts']);
  });

  it('uses no private internals of node, V8 or a dependency', () => {
    const PRIVATE = ['._header', '_contentLength', 'kOutHeaders', 'pino.symbols', 'as unknown as Metric', 'getOwnPropertySymbols(', '--allow-natives-syntax', '%HaveSameMap'];
    const uses = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return PRIVATE.filter((needle) => text.includes(needle)).map((needle) => `${relative(SRC, file)}: ${needle}`);
    });
    expect(uses).toEqual([]);
  });
});
