// The map stage skips an app none of whose inputs changed (records, profile, entry points, config)
// and maps it again when one did.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import { mapApps, serviceId } from '../../src/map/stage.js';
import { tempDir } from '../helpers/cli.js';

const YAML = `
programme: test
province: "32"
unifiedApp: { name: 苏服办, serviceUrl: "https://sfb.example.cn/s/{catalogCode}", noticeUrl: "https://sfb.example.cn/n/{appId}", allowlist: [sfb.example.cn] }
apps:
  - { id: a, name: A, division: "320509", source: { adapter: spreadsheet, config: { files: [ { path: s.csv, key: 编号 } ] } }, profile: p.yaml }
  - { id: b, name: B, division: "320481", source: { adapter: spreadsheet, config: { files: [ { path: s.csv, key: 编号 } ] } }, profile: p.yaml }
`;

let store: Store | undefined;
afterEach(() => store?.close());

const raw = (s: Store, appId: string, key: string, data: Record<string, unknown>) =>
  s.raw.upsert({ appId, stream: 'services', key, locator: `s.csv!R${key}`, data, contentHash: JSON.stringify(data) });
const skipped = (m: Awaited<ReturnType<typeof mapApps>>) => Object.fromEntries(m.apps.map((a) => [a.appId, a.skipped === true]));

describe('map skip', () => {
  it('skips unchanged apps and maps again on a changed record, profile or removed service', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'yimen.yaml'), YAML);
    writeFileSync(join(dir, 's.csv'), '编号\n');
    writeFileSync(join(dir, 'p.yaml'), 'fields:\n  name: 名称\n');
    let ws = await loadWorkspace(dir);
    const s = (store = openSqliteStore(ws.paths.db));
    raw(s, 'a', '1', { 名称: '失业登记', 部门: '人社局' });
    raw(s, 'a', '2', { 名称: '' });
    raw(s, 'b', '1', { 名称: '社保参保登记' });
    const first = await mapApps(ws, s, { actor: 't' });
    expect(skipped(first)).toEqual({ a: false, b: false });

    const again = await mapApps(ws, s, { actor: 't' });
    expect(skipped(again)).toEqual({ a: true, b: true });
    expect(again.totals).toEqual({ ...first.totals, new: 0, unchanged: first.totals.services });

    raw(s, 'b', '1', { 名称: '社保参保登记（单位）' });
    let m = await mapApps(ws, s, { actor: 't' });
    expect(skipped(m)).toEqual({ a: true, b: false });
    expect(s.services.get(serviceId('b', '1'))!.name).toBe('社保参保登记（单位）');

    // the profile: every app using it (部门 leaves extras for agency.name)
    writeFileSync(join(dir, 'p.yaml'), 'fields:\n  name: 名称\n  agency.name: { from: [部门] }\n');
    ws = await loadWorkspace(dir);
    m = await mapApps(ws, s, { actor: 't' });
    expect(skipped(m)).toEqual({ a: false, b: false });
    expect(s.services.get(serviceId('a', '1'))!.agency?.name).toBe('人社局');

    // a service removed behind map's back: mapped again
    s.services.remove(serviceId('a', '1'));
    m = await mapApps(ws, s, { actor: 't' });
    expect(skipped(m)).toEqual({ a: false, b: true });
    expect(s.services.get(serviceId('a', '1'))).toBeDefined();
  });
});
