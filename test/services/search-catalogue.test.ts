// Search reaches every entity of a generated 50,000-entity catalogue (SQLite): by its qualified name
// (`registry/name`), by its page on its registry's site, and by its package URL, each as the
// search box and /v1/search take them (within MAX_QUERY_CHARS), the entity among the results.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config.js';
import { checkEntityRecord } from '../../src/domain/entity-record.js';
import { readGlyphCoverage } from '../../src/render/font-coverage.js';
import { MAX_QUERY_CHARS } from '../../src/schema/params.js';
import { entityPath } from '../../src/services/entity-links.js';
import { createReportService } from '../../src/services/report-service.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { syntheticRecord } from '../../tools/synthetic-catalogue.js';
import { purlOf, urlOf } from '../helpers/registry-refs.js';
import { FIXED_NOW, tempDir, testFonts } from '../helpers/test-app.js';

const ENTITIES = 50_000;
const records = Array.from({ length: ENTITIES }, (_, i) => syntheticRecord(i, { seed: 5, asOf: FIXED_NOW }));
const dir = tempDir();
let store: Store;
let search: ReturnType<typeof createReportService>['search'];

beforeAll(async () => {
  store = openSqliteStore(join(dir.path, 'search.db'));
  await store.writeEntities(records.map((record) => {
    const checked = checkEntityRecord(record, FIXED_NOW);
    if (!checked.ok) throw new Error(`synthetic record ${record.name} is invalid`);
    return checked.entity;
  }));
  ({ search } = createReportService({ store, gradeScale: DEFAULTS.gradeScale, shieldsCacheSeconds: 300, glyphs: readGlyphCoverage(testFonts()), now: () => FIXED_NOW }));
}, 120_000);
afterAll(async () => {
  await store.close();
  dir.remove();
});

describe(`search over ${ENTITIES.toLocaleString('en')} generated entities`, () => {
  it.each([
    ['its qualified name', (r: { registry: string; name: string }) => `${r.registry}/${r.name}`],
    ['its page on its registry', urlOf],
    ['its package URL', (r: { registry: string; name: string }) => purlOf(r, '1.0.0')],
  ])('finds every entity by %s', async (_, queryOf) => {
    let asked = 0;
    const missed: string[] = [];
    for (const record of records) {
      const query = queryOf(record);
      if (query === null) continue; // no address or purl for this registry (web, pulsemcp) or name shape
      asked++;
      expect([...query].length, query).toBeLessThanOrEqual(MAX_QUERY_CHARS);
      const { results } = await search(query, 10);
      if (!results.some((r) => r.target === entityPath(record))) missed.push(query);
    }
    expect(missed).toEqual([]);
    expect(asked).toBeGreaterThan(ENTITIES * 0.8);
  }, 120_000);
});
