// yimen extract / adapters list / adapters check, run as a user would (the built CLI).
import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { yimen, ROOT } from '../helpers/cli.js';
import { makeWorkspace } from './workspace.js';

const CSV = '事项编号,事项名称,H5地址\nA1,社保查询,https://old.example/a1\n,坏行,\n';
const SITEMAP = join(ROOT, 'examples/adapters/yimen-adapter-sitemap');

describe('yimen extract', () => {
  it('reads every app, prints a summary, and exits 3 when one app failed and another went through', () => {
    const root = makeWorkspace(
      [
        { id: 'good', adapter: 'spreadsheet', config: { files: [{ path: 'services.csv', key: '事项编号', entryPoints: [{ column: 'H5地址' }] }] } },
        { id: 'broken', adapter: 'spreadsheet', config: { files: [{ path: 'missing.csv', key: '事项编号' }] } },
      ],
      { 'services.csv': CSV },
    );
    const r = yimen(['extract'], { cwd: root });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/good\s*│\s*services\s*│\s*2\s*│\s*1\s*│/);
    expect(r.stderr).toContain('error broken: file not found: missing.csv');
    const j = yimen(['extract', '--json'], { cwd: root });
    expect(j.code).toBe(3);
    const out = JSON.parse(j.stdout);
    expect(out.failed).toEqual(['broken']);
    expect(out.apps[0].streams[0]).toMatchObject({ stream: 'services', read: 2, new: 0, unchanged: 1, quarantined: 1 });
    const only = yimen(['extract', 'good', '--json'], { cwd: root });
    expect(only.code).toBe(0);
    expect(JSON.parse(only.stdout).apps.map((a: { appId: string }) => a.appId)).toEqual(['good']);
    expect(yimen(['extract', 'broken'], { cwd: root }).code).toBe(1);
    const unknown = yimen(['extract', 'nope'], { cwd: root });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no app "nope"');
  });

  it('loads a third-party adapter by path and as an installed yimen-adapter-<name> package', () => {
    const root = makeWorkspace(
      [
        { id: 'bypath', adapter: 'sitemap', config: { file: join(SITEMAP, 'sitemap.xml'), serviceKey: '/item/(\\w+)' } },
        { id: 'bypkg', adapter: 'sitemap2', config: { file: join(SITEMAP, 'sitemap.xml') } },
      ],
      {},
      { adapters: { sitemap: join(SITEMAP, 'index.mjs') } },
    );
    mkdirSync(join(root, 'node_modules'));
    symlinkSync(SITEMAP, join(root, 'node_modules', 'yimen-adapter-sitemap2'));
    const r = yimen(['extract', '--json'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.apps.map((a: { entryPoints: { total: number } }) => a.entryPoints.total)).toEqual([4, 4]);
    const list = JSON.parse(yimen(['adapters', 'list', '--json'], { cwd: root }).stdout);
    expect(list.adapters.map((a: { name: string }) => a.name)).toEqual(['spreadsheet', 'rest-json', 'html', 'manifest', 'sitemap']);
    const sm = list.adapters.find((a: { name: string }) => a.name === 'sitemap');
    expect(sm.fields.map((f: { path: string }) => f.path)).toEqual(['file', 'serviceKey', 'exclude']);
  });
});

describe('yimen adapters', () => {
  it('lists the built-ins with streams and config fields, outside any workspace too', () => {
    const r = yimen(['adapters', 'list', '--json'], { cwd: makeWorkspace([{ id: 'a', adapter: 'spreadsheet', config: { files: [{ path: 'x.csv', key: 'k' }] } }]) });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const ss = out.adapters.find((a: { name: string }) => a.name === 'spreadsheet');
    expect(ss.streams).toEqual(['services', 'entryPoints', 'usage']);
    expect(ss.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['files[]', 'files[].path', 'files[].key', 'files[].columns.address']));
    const rj = out.adapters.find((a: { name: string }) => a.name === 'rest-json');
    expect(rj.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['auth{type: bearer}.tokenEnv', 'streams[].pagination{type: cursor}.cursorPath']));
    const text = yimen(['adapters', 'list', '--fields'], { cwd: '/' });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('files[].headerRows');
  });

  it('checks an app: a clear yes with its streams, or a clear why-not', () => {
    const root = makeWorkspace(
      [
        { id: 'ok', adapter: 'spreadsheet', config: { files: [{ path: 'services.csv', key: '事项编号' }] } },
        { id: 'api', adapter: 'rest-json', config: { baseUrl: 'http://127.0.0.1:9/', auth: { type: 'bearer', tokenEnv: 'API_TOKEN_UNSET' }, streams: [{ path: '/x', key: 'id' }] } },
      ],
      { 'services.csv': CSV },
    );
    const ok = yimen(['adapters', 'check', 'ok'], { cwd: root });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('ok: ok (spreadsheet');
    expect(ok.stdout).toContain('services');
    const bad = yimen(['adapters', 'check', 'api', '--json'], { cwd: root, env: { API_TOKEN_UNSET: '' } });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, reason: 'bearer token: environment variable API_TOKEN_UNSET is not set' });
  });
});
