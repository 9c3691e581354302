import { describe, expect, it } from 'vitest';
import { checkEntityRecord, MAX_FIELD_ERRORS } from '../../src/domain/entity-record.js';

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
    expect(fieldsOf({ ...valid, registry: 'GitHub', score: 101, dimensions: { vibes: 3, security: -1 }, scroe: 1 }).sort()).toEqual([
      'dimensions.security', 'dimensions.vibes', 'registry', 'score', 'scroe',
    ]);
  });

  it('tells the first problems of a record with thousands, and how many more', () => {
    const junk = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const checked = checkEntityRecord({ ...valid, ...junk }, NOW);
    expect(!checked.ok && checked.errors).toEqual([
      ...Array.from({ length: MAX_FIELD_ERRORS }, (_, i) => ({ field: `k${i}`, message: 'is not a known field' })),
      { field: '(record)', message: `has ${5000 - MAX_FIELD_ERRORS} more problems` },
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

  it.each([
    '2026-02-30T00:00:00Z', '2026-02-29', '2025-02-29T12:00:00Z', '1900-02-29', '2026-04-31T00:00:00Z', '2026-13-01', '2026-00-10',
    '2026-01-00', '2026-01-01T24:00:00Z', '2026-01-01T24:00Z', '2026-01-01T23:60:00Z', '2026-01-01T23:59:60Z',
    '2026-01-01T00:00:00+24:00', '2026-01-01T00:00:00-23:60', '2026-01-01T00:00:00+99:00',
  ])('refuses %s, which is no real date and time, rather than rolling it over', (updatedAt) => {
    const checked = checkEntityRecord({ ...valid, updated_at: updatedAt }, NOW);
    expect(checked.ok ? [] : checked.errors).toEqual([{ field: 'updated_at', message: expect.stringMatching(/^must be a real date and time/) }]);
  });

  it.each([
    ['2026-03-24', '2026-03-24T00:00:00Z'],
    ['2024-02-29T10:00:00Z', '2024-02-29T10:00:00Z'],
    ['2000-02-29T10:00Z', '2000-02-29T10:00:00Z'],
    ['2026-03-24T23:59:59.999Z', '2026-03-24T23:59:59Z'],
    ['2026-03-24T01:30:00+02:00', '2026-03-23T23:30:00Z'],
    ['2026-03-24T00:00:00-23:59', '2026-03-24T23:59:00Z'],
    ['2026-01-31T00:00:00Z', '2026-01-31T00:00:00Z'],
  ])('keeps accepting %s (stored as %s)', (updatedAt, stored) => {
    const checked = checkEntityRecord({ ...valid, updated_at: updatedAt }, NOW);
    expect(checked.ok && checked.entity.updatedAt).toBe(stored);
  });

  it.each([79.99999999, 74.05, 0.01, 99.95, 1e-7])('refuses the score %s: more than one decimal, never rounded', (score) => {
    const checked = checkEntityRecord({ ...valid, score, dimensions: { security: score } }, NOW);
    expect(checked.ok ? [] : checked.errors.map((e) => `${e.field} ${e.message}`)).toEqual([
      `score must have at most one decimal (${score} is not)`,
      `dimensions.security must have at most one decimal (${score} is not)`,
    ]);
  });

  it.each([0, 0.1, 59.2, 71.3, 79.9, 99.9, 100])('keeps the score %s exactly', (score) => {
    const checked = checkEntityRecord({ ...valid, score, dimensions: { privacy: score } }, NOW);
    expect(checked.ok && [checked.entity.score, checked.entity.dimensions.privacy]).toEqual([score, score]);
  });

  it.each([
    ['name', { name: 'Open\u2060Router' }],
    ['aliases[0]', { aliases: ['open\u00adrouter'] }],
    ['author', { author: 'Jane\u200bDoe' }],
    ['category', { category: 'ai\u034ftool' }],
    ['source_url', { source_url: 'https://example.com/\u2062' }],
  ])('refuses invisible characters in %s, naming the field and the character', (field, fields) => {
    const checked = checkEntityRecord({ ...valid, ...fields }, NOW);
    expect(checked.ok ? [] : checked.errors).toEqual([{ field, message: expect.stringMatching(/^must not contain invisible or control characters \(U\+[0-9A-F]{4}\)$/) }]);
  });

  it('says what is wrong with a name or alias shape', () => {
    const checked = checkEntityRecord({ ...valid, name: 'a/../b', aliases: ['x/'] }, NOW);
    expect(checked.ok ? [] : checked.errors.map((e) => e.field)).toEqual(['name', 'aliases[0]']);
    expect(checked.ok ? '' : checked.errors[1]!.message).toMatch(/must not start or end with "\/"/);
  });

  it('rejects what is not an object', () => {
    for (const input of [null, 7, 'x', [valid]]) expect(fieldsOf(input)).toEqual(['(record)']);
  });
});
