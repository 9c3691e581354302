import { describe, expect, it } from 'vitest';
import { purgeTagFor, purgeTagOf } from '../../src/services/purge-tag.js';

describe('purge tags', () => {
  it('are the same for every spelling of a name, and differ between entities', () => {
    expect(purgeTagFor('NPM', 'Sharp')).toBe(purgeTagFor('npm', 'sharp'));
    expect(purgeTagFor('npm', 'sharp')).toMatch(/^e-[0-9a-f]{24}$/);
    expect(purgeTagFor('npm', 'sharp')).not.toBe(purgeTagFor('pypi', 'sharp'));
  });

  it('stay the same from release to release: CDNs hold objects tagged by earlier ones', () => {
    // The first 24 hex digits of SHA-256("npm\nsharp").
    expect(purgeTagFor('npm', 'sharp')).toBe('e-c814a6f73222115dd5941138');
  });

  it('of an entity object equal the tag of its name, also after the object is renamed', () => {
    const entity = { registry: 'npm', name: 'sharp' };
    expect(purgeTagOf(entity)).toBe(purgeTagFor('npm', 'sharp'));
    expect(purgeTagOf(entity)).toBe(purgeTagFor('npm', 'sharp'));
    entity.name = 'left-pad';
    expect(purgeTagOf(entity)).toBe(purgeTagFor('npm', 'left-pad'));
    entity.registry = 'pypi';
    expect(purgeTagOf(entity)).toBe(purgeTagFor('pypi', 'left-pad'));
  });
});
