// A page of raw records as map reads it (one string a record) splits back into the stored fields,
// also when a field holds a NUL (the separator) or the key is empty.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import { recordData, recordFields, skipKeyLine } from '../../src/map/records.js';
import { recordForm } from '../../src/extract/record-form.js';
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
      expect(skipKeyLine(key, locator, hash)).toBe(lines[i]);
    });
  });

  it('give back a compact record (migration 16: values by sorted key, keys once per shape) as the object it was', () => {
    const s = (store = openSqliteStore(join(tempDir(), 'state.db')));
    // keys out of sorted order, two shapes, a value with the separator's code point escaped inside it
    const records = [
      { key: 'K1', data: { 事项名称: '失业登记', 编号: '1', url: 'https://a/x', note: 'a\u0001b' } },
      { key: 'K2', data: { 事项名称: '婚姻登记', 编号: '2', url: null, note: '' } },
      { key: 'K3', data: { 编号: '3', 事项名称: '另一种列序', 月访问量: 12 } },
      { key: 'K4', data: { 名称: 'not flat', tags: ['a'] } },
    ];
    for (const [i, r] of records.entries()) {
      const f = recordForm(r.data);
      s.raw.upsert({ appId: 'a', stream: 'services', key: r.key, locator: `s.csv!R${i + 2}`, data: r.data, contentHash: f.contentHash, json: f.json, shape: f.shape });
    }
    const rows = s.raw.pageRows(s.raw.rowids('a', 'services'));
    expect(rows).toHaveLength(records.length);
    rows.forEach((row, i) => {
      const [key, , , , text] = recordFields(row);
      expect(key).toBe(records[i]!.key);
      // the flat ones are stored compact, the one with a list as its JSON object
      expect(text.includes('\u0001')).toBe(i < 3);
      const back = recordData(text);
      expect(back).toEqual(records[i]!.data);
      // the columns' own order, as the record had them (extras follow it)
      expect(Object.keys(back)).toEqual(Object.keys(records[i]!.data));
    });
    // the store's own reading agrees
    expect([...s.raw.list('a', 'services')].map((r) => r.data)).toEqual(records.map((r) => r.data));
  });
});
