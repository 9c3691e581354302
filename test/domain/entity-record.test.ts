import { describe, expect, it } from 'vitest';
import { checkEntityRecord } from '../../src/domain/entity-record.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const valid = {
  registry: 'web', name: 'OpenRouter', category: 'ai_tool', score: 74.0,
  dimensions: { security: 74, privacy: 74, reliability: 85, transparency: 50, maintenance: 60, popularity: 85 },
  description: 'Unified API for accessing multiple AI models from different providers.',
  author: null, source_url: null, aliases: ['openrouter.ai'], updated_at: '2026-03-24T00:00:00Z',
};

function fieldsOf(record: unknown): string[] {
  const checked = checkEntityRecord(record, NOW);
  return checked.ok ? [] : checked.errors.map((e) => e.field);
}

describe('checkEntityRecord', () => {
  it('accepts the contract example', () => {
    const checked = checkEntityRecord(valid, NOW);
    expect(checked.ok && checked.entity).toMatchObject({ registry: 'web', name: 'OpenRouter', score: 74, sourceUrl: null, updatedAt: '2026-03-24T00:00:00Z' });
  });

  it('fills optional fields and defaults updated_at to the import time', () => {
    const checked = checkEntityRecord({ registry: 'npm', name: 'x', category: 'library', score: 50 }, NOW);
    expect(checked.ok && checked.entity).toEqual({
      registry: 'npm', name: 'x', category: 'library', score: 50, dimensions: {}, description: null,
      author: null, sourceUrl: null, aliases: [], updatedAt: '2026-11-24T12:00:00Z',
    });
  });

  it('reports every bad field at once', () => {
    expect(fieldsOf({ ...valid, registry: 'GitHub', score: 101, dimensions: { vibes: 3, security: -1 }, scroe: 1 })).toEqual([
      'scroe', 'registry', 'score', 'dimensions.vibes', 'dimensions.security',
    ]);
  });

  it.each([
    [{ ...valid, name: '' }, 'name'],
    [{ ...valid, name: 'a/../b' }, 'name'],
    [{ ...valid, name: 'x\u0000' }, 'name'],
    [{ ...valid, score: '74' }, 'score'],
    [{ ...valid, score: 74.25 }, 'score'],
    [{ ...valid, score: Number.NaN }, 'score'],
    [{ ...valid, category: 'AI Tool' }, 'category'],
    [{ ...valid, source_url: 'javascript:alert(1)' }, 'source_url'],
    [{ ...valid, aliases: 'openrouter.ai' }, 'aliases'],
    [{ ...valid, aliases: [''] }, 'aliases[0]'],
    [{ ...valid, updated_at: 'yesterday' }, 'updated_at'],
    [{ ...valid, updated_at: '2027-06-01T00:00:00Z' }, 'updated_at'],
    [{ ...valid, description: 'x'.repeat(2001) }, 'description'],
  ])('rejects %#', (record, field) => {
    expect(fieldsOf(record)).toEqual([field]);
  });

  it('rejects what is not an object', () => {
    for (const input of [null, 7, 'x', [valid]]) expect(fieldsOf(input)).toEqual(['(record)']);
  });
});
