// A page of raw records as map reads it (one string a record) splits back into the stored fields,
// also when a field holds a NUL (the separator) or the key is empty.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import { recordFields, recordKeyAndLine } from '../../src/map/records.js';
import { tempDir } from '../helpers/cli.js';

let store: Store | undefined;
afterEach(() => store?.close());

describe('pageRows and recordFields', () => {
  it('give back key, locator, content hash, last seen and data, whatever the fields hold', () => {
    const s = (store = openSqliteStore(join(tempDir(), 'state.db')));
    const records = [
      { key: 'K1', locator: 's.csv!R2', data: { 名称: '失业登记', note: 'a\u0000b' } },
      { key: 'K\u00002', locator: 's.csv!R3', data: { 名称: 'NUL in the key' } },
      { key: 'K3', locator: 'R\u00004', data: { 名称: 'NUL in the locator' } },
      { key: '', locator: 's.csv!R5', data: { 名称: 'empty key' } },
      { key: '键', locator: '表!R6', data: [1, 2] },
    ];
    for (const r of records) s.raw.upsert({ appId: 'a', stream: 'services', key: r.key, locator: r.locator, data: r.data, contentHash: `h-${r.key}` });
    s.raw.upsert({ appId: 'b', stream: 'services', key: 'other', locator: 'x', data: {}, contentHash: 'h' });
    const rows = s.raw.pageRows(s.raw.rowids('a', 'services'));
    const lines = s.raw.hashes('a', 'services');
    expect(rows).toHaveLength(records.length);
    rows.forEach((row, i) => {
      const [key, locator, hash, lastSeen, data] = recordFields(row);
      expect({ key, locator, data: JSON.parse(data) }).toEqual(records[i]);
      expect(hash).toBe(`h-${records[i]!.key}`);
      expect(lastSeen).toMatch(/^\d{4}-/);
      // the skip key's line is SqliteRaw.hashes' own
      expect(recordKeyAndLine(row)).toEqual([key, lines[i]]);
    });
  });
});
