// Keeps imports pointing one way: domain ← store/render ← cache ← services ← http/cli ← main.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');
const LAYERS: Record<string, number> = { domain: 0, store: 1, render: 1, cache: 2, services: 3, http: 4, cli: 4, 'config.ts': 4, 'main.ts': 5 };

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

  it('keeps the domain pure: no node built-ins, packages, env or clock', () => {
    for (const file of files.filter((f) => layerOf(f) === 0)) {
      expect(importsOf(file).filter((s) => !s.startsWith('./')), relative(SRC, file)).toEqual([]);
      const text = readFileSync(file, 'utf8');
      expect(text, relative(SRC, file)).not.toMatch(/process\.env|Date\.now\(\)|new Date\(\)|Math\.random/);
    }
  });

  it('reads process.env only in config.ts', () => {
    const readers = files.filter((f) => readFileSync(f, 'utf8').includes('process.env')).map((f) => relative(SRC, f));
    expect(readers).toEqual(['config.ts']);
  });
});
