// A minimal catalog service for tests: every required field empty, the source made up from the id.
import type { CatalogService } from '../../src/schema/index.js';

export const serviceOf = (id: string, name = '居民身份证换领', more: Partial<CatalogService> = {}): CatalogService => ({
  id,
  appId: 'a',
  source: { adapter: 'x', stream: 'services', sourceKey: id, locator: 'f.csv!R2', extractedAt: '2026-01-01', contentHash: 'h' },
  name,
  aliases: [],
  serviceObjects: [],
  materials: [],
  handlingForms: [],
  entryPoints: [],
  extras: {},
  issues: [],
  ...more,
});
