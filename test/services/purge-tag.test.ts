import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldName, type Entity } from '../../src/domain/entity.js';
import { parseTarget } from '../../src/domain/target.js';
import { entityTag, nameTag, registryTag, tagsForChange, tagsForResolution, UNKNOWN_TAG } from '../../src/services/purge-tag.js';
import { resolveTarget, type Resolution } from '../../src/services/resolve-target.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store, StoreChange } from '../../src/store/store.js';
import { fuzzOptions } from '../fuzz/fuzz-settings.js';
import { makeEntity } from '../helpers/test-app.js';

describe('purge tags', () => {
  it('are the same for every spelling of a name, and differ between entities and kinds', () => {
    expect(entityTag('NPM', 'Sharp')).toBe(entityTag('npm', 'sharp'));
    expect(entityTag('npm', 'sharp')).toMatch(/^e-[0-9a-f]{24}$/);
    expect(entityTag('npm', 'sharp')).not.toBe(entityTag('pypi', 'sharp'));
    expect(nameTag('Sharp')).toBe(nameTag('sharp'));
    expect(nameTag('sharp')).toMatch(/^n-[0-9a-f]{24}$/);
    expect(registryTag('npm')).toMatch(/^r-[0-9a-f]{24}$/);
    expect(new Set([nameTag('npm'), registryTag('npm'), entityTag('npm', 'npm')]).size).toBe(3);
  });

  it('of an entity stay the same from release to release: CDNs hold objects tagged by earlier ones', () => {
    // The first 24 hex digits of SHA-256("npm\nsharp").
    expect(entityTag('npm', 'sharp')).toBe('e-c814a6f73222115dd5941138');
  });

  it('name what a bare-name answer depends on: the name, the would-be registry, the entity or the candidates', () => {
    const openrouter = makeEntity({ registry: 'web', name: 'OpenRouter' });
    const found: Resolution = { kind: 'found', lookup: { registry: null, name: 'openrouter' }, entity: openrouter };
    expect(tagsForResolution(found)).toEqual(expect.arrayContaining([nameTag('openrouter'), entityTag('web', 'OpenRouter')]));
    const slashed: Resolution = { kind: 'unknown', lookup: { registry: null, name: 'Haotian-Liu/LLaVA' } };
    expect(tagsForResolution(slashed)).toEqual(expect.arrayContaining([UNKNOWN_TAG, nameTag('haotian-liu/llava'), registryTag('haotian-liu')]));
    const qualified: Resolution = { kind: 'unknown', lookup: { registry: 'npm', name: 'nope' } };
    expect(tagsForResolution(qualified)).toEqual(expect.arrayContaining([UNKNOWN_TAG, entityTag('npm', 'nope')]));
    expect(tagsForResolution(qualified)).not.toContain(nameTag('nope'));
  });

  it('of a write touching too much, or everything, are the one tag every answer carries', () => {
    expect(tagsForChange({ kind: 'all' })).toEqual(['all']);
    const many: StoreChange = { kind: 'entities', entities: [{ registry: 'npm', keys: Array.from({ length: 500 }, (_, i) => `k${i}`) }] };
    expect(tagsForChange(many)).toEqual(['all']);
  });
});

// The promise behind the purge rule: purging the tags a write names removes every answer the write
// changed. Random catalogues over a few colliding names, one random write, every target read
// before and after through the real store: where the answer changed, the tags must meet.
describe('the tags a write names, against every answer it changes', () => {
  const REGISTRIES = ['npm', 'pypi', 'web', 'foo'] as const;
  const NAMES = ['openrouter', 'OpenRouter', 'sharp', 'bar', 'foo/bar', 'npm/sharp', 'x/y'] as const;
  const TARGETS = [
    'openrouter', 'sharp', 'bar', 'foo/bar', 'x/y', 'npm/sharp', 'npm/openrouter', 'web/openrouter', 'pypi/sharp',
    'foo/openrouter', 'openrouter.ai', 'web/sharp', 'npm/sharp/x',
  ];
  const entity = fc.record({
    registry: fc.constantFrom(...REGISTRIES),
    name: fc.constantFrom(...NAMES),
    score: fc.constantFrom(12, 74, 91.5),
    aliases: fc.subarray(['openrouter.ai', 'sharp', 'bar'], { maxLength: 2 }),
  });
  const write = fc.oneof(
    fc.record({ kind: fc.constant('put' as const), entity }),
    fc.record({ kind: fc.constant('delete' as const), registry: fc.constantFrom(...REGISTRIES), name: fc.constantFrom(...NAMES) }),
  );
  const toEntity = (e: { registry: string; name: string; score: number; aliases: string[] }): Entity =>
    makeEntity({ registry: e.registry, name: e.name, score: e.score, aliases: e.aliases });

  /** What an answer shows: enough to tell any two visibly different answers apart. */
  const shown = (resolution: Resolution): string => {
    switch (resolution.kind) {
      case 'found':
        return `found ${resolution.entity.registry}/${resolution.entity.name} ${resolution.entity.score}`;
      case 'ambiguous':
        return `ambiguous ${resolution.candidates.map((c) => `${c.registry}/${c.name} ${c.score}`).join(',')}`;
      case 'unknown':
        return 'unknown';
    }
  };

  const resolveAll = async (store: Store) => {
    const answers = new Map<string, Resolution>();
    for (const target of TARGETS) {
      const parsed = parseTarget(target);
      if (parsed.ok) answers.set(target, await resolveTarget(store, parsed.target));
    }
    return answers;
  };

  it('meet wherever the answer changed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entity, { maxLength: 8 }), write, async (initial, change) => {
        const store = openSqliteStore(':memory:');
        try {
          const byKey = new Map(initial.map((e) => [`${e.registry}\n${foldName(e.name)}`, toEntity(e)]));
          if (byKey.size > 0) await store.writeEntities([...byKey.values()]);
          const before = await resolveAll(store);
          let tags: string[];
          if (change.kind === 'put') {
            tags = tagsForChange((await store.writeEntities([toEntity(change.entity)])).change);
          } else {
            const deleted = await store.deleteEntity(change.registry, change.name);
            if (deleted === null) return;
            const keys = [deleted.name, ...deleted.aliases].map(foldName);
            tags = tagsForChange({ kind: 'entities', entities: [{ registry: deleted.registry, keys }] }, { deletion: true });
          }
          const after = await resolveAll(store);
          for (const [target, old] of before) {
            if (shown(old) === shown(after.get(target)!)) continue;
            const carried = tagsForResolution(old);
            expect(carried.filter((tag) => tags.includes(tag)), `${target}: ${shown(old)} → ${shown(after.get(target)!)}`).not.toEqual([]);
          }
        } finally {
          await store.close();
        }
      }),
      fuzzOptions(300),
    );
  });
});
